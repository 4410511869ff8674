package ru.visitflow.field;

import java.util.List;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import ru.visitflow.company.CardFields;

/**
 * Gives the field app's pages the configured further company card fields
 * ({@code cardFields}: name, label key or label), which the visit screen shows and the
 * card edit form edits.
 */
@ControllerAdvice(assignableTypes = FieldPagesController.class)
class CardFieldsAdvice {

	private final CardFields cardFields;

	CardFieldsAdvice(CardFields cardFields) {
		this.cardFields = cardFields;
	}

	@ModelAttribute("cardFields")
	List<CardFields.CardField> cardFields() {
		return this.cardFields.extra();
	}

}
