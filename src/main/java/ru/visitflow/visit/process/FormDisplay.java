package ru.visitflow.visit.process;

import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;

/**
 * Short texts the Tasklist forms show above their fields (the forms template
 * {{visitSummary}}): company, type, date and the rep, so a reviewer sees whose request it
 * is and an operator can find a visit in Cockpit by searching the variable
 * {@code visitSummary}; kept as two small string variables, refreshed when the date
 * changes.
 */
@Component
class FormDisplay {

	private static final Locale RUSSIAN = Locale.forLanguageTag("ru");

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", RUSSIAN);

	private final LifecycleProperties properties;

	private final UserDirectory users;

	private final MessageSource messages;

	FormDisplay(LifecycleProperties properties, UserDirectory users, MessageSource messages) {
		this.properties = properties;
		this.users = users;
		this.messages = messages;
	}

	Map<String, Object> variablesFor(Visit visit) {
		String type = this.properties.visitType(visit.visitType())
			.map(LifecycleProperties.VisitType::name)
			.orElse(visit.visitType());
		String company = (visit.companyTitle() != null) ? visit.companyTitle()
				: text("visit.summary.company", String.valueOf(visit.companyId()));
		String summary = company + " · " + type + " · " + WHEN.format(visit.plannedStart().atZone(visit.timeZone()))
				+ " (" + visit.timeZone().getId() + ") · "
				+ this.users.displayName(visit.repId()).orElse(visit.repId());
		Map<String, Object> variables = new HashMap<>();
		variables.put(LifecycleModel.VISIT_SUMMARY, summary);
		variables.put(LifecycleModel.VISIT_PURPOSE,
				(visit.purpose() != null) ? text("visit.summary.purpose", visit.purpose()) : "");
		return variables;
	}

	/** The forms are Russian, so is what they show. */
	private String text(String key, Object argument) {
		return this.messages.getMessage(key, new Object[] { argument }, RUSSIAN);
	}

}
