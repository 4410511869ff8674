package ru.visitflow.company;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.system.NotFoundException;

@RestController
@RequestMapping("/api")
@Tag(name = "Companies", description = "The company mirror, and card edits saved to Bitrix24")
class CompanyController {

	private final CompanyMirror mirror;

	private final CompanyCardEditor cards;

	CompanyController(CompanyMirror mirror, CompanyCardEditor cards) {
		this.mirror = mirror;
		this.cards = cards;
	}

	record CompanyCard(Company company, List<Contact> contacts) {
	}

	@Schema(description = "The card's new title, phones, e-mails and card fields; a field left out is kept as it "
			+ "is, an empty text clears it", example = """
					{"title": "Romashka LLC", "phones": ["+7 495 123-45-67"], "emails": ["office@romashka.example"],
					 "openingHours": "Mon-Fri 9:00-18:00, break 13:00-14:00", "decisionMaker": "Ivanov I. I., owner",
					 "productsOfInterest": "Dairy, frozen food", "fields": {"UF_CRM_SUPPLIER": "Metro"}}""")
	record CardChange(@Schema(example = "Romashka LLC") @Size(max = 500) String title,
			@Schema(description = "The full list of phones: unchanged ones stay, those left out are deleted",
					example = "[\"+7 495 123-45-67\"]") @Size(max = 20) List<@Size(max = 100) String> phones,
			@Schema(description = "The full list of e-mails: unchanged ones stay, those left out are deleted",
					example = "[\"office@romashka.example\"]") @Size(max = 20) List<@Size(max = 200) String> emails,
			@Schema(description = "Opening hours as written on the card; routes plan with them",
					example = "Mon-Fri 9:00-18:00, break 13:00-14:00") @Size(max = 500) String openingHours,
			@Schema(example = "Ivanov I. I., owner") @Size(max = 500) String decisionMaker,
			@Schema(example = "Dairy, frozen food") @Size(max = 2000) String productsOfInterest,
			@Schema(description = "Further card fields configured for editing, by their Bitrix24 name",
					example = "{\"UF_CRM_SUPPLIER\": \"Metro\"}") @Size(
							max = 50) Map<String, @Size(max = 1000) String> fields) {
	}

	@Schema(description = "The contact's new name, post, phones and e-mails; a field left out is kept as it is",
			example = """
					{"name": "Ivan", "lastName": "Petrov", "post": "Purchasing manager", "phones": ["+7 916 000-00-01"],
					 "emails": ["petrov@romashka.example"]}""")
	record ContactChange(@Schema(example = "Ivan") @Size(max = 200) String name,
			@Schema(example = "Petrov") @Size(max = 200) String lastName,
			@Schema(example = "Purchasing manager") @Size(max = 200) String post,
			@Schema(example = "[\"+7 916 000-00-01\"]") @Size(max = 20) List<@Size(max = 100) String> phones,
			@Schema(example = "[\"petrov@romashka.example\"]") @Size(max = 20) List<@Size(max = 200) String> emails) {
	}

	@GetMapping("/companies/{id}")
	@Operation(summary = "A company with its contacts, from the mirror (no Bitrix24 login needed)")
	CompanyCard get(@PathVariable long id) {
		Company company = this.mirror.company(id).orElseThrow(() -> new NotFoundException("No company " + id));
		return new CompanyCard(company, this.mirror.contactsOf(id));
	}

	@PutMapping("/companies/{id}")
	@Operation(summary = "Edit the company card", description = "Saved to Bitrix24 (phones and e-mails by their "
			+ "IDs, so nothing is duplicated; opening hours, decision maker, products of interest and the further "
			+ "configured fields to their configured company fields), then to the mirror. 503 while Bitrix24 cannot "
			+ "be reached.")
	CompanyCard update(@PathVariable long id, @Valid @RequestBody CardChange change) {
		Company company = this.cards.update(id,
				new CompanyCardEditor.CardChange(change.title(), change.phones(), change.emails(),
						change.openingHours(), change.decisionMaker(), change.productsOfInterest(), change.fields()));
		return new CompanyCard(company, this.mirror.contactsOf(id));
	}

	@PutMapping("/contacts/{id}")
	@Operation(summary = "Edit a contact",
			description = "Saved to Bitrix24 (phones and e-mails by their IDs), then " + "to the mirror.")
	Contact updateContact(@PathVariable long id, @Valid @RequestBody ContactChange change) {
		return this.cards.updateContact(id, new CompanyCardEditor.ContactChange(change.name(), change.lastName(),
				change.post(), change.phones(), change.emails()));
	}

}
