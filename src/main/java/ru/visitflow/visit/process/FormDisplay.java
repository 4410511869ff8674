package ru.visitflow.visit.process;

import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;

/**
 * Short texts the Tasklist forms show above their fields (the forms template {{visitSummary}}): company, type,
 * date and the rep, so a reviewer sees whose request it is and an operator can find a visit in Cockpit by
 * searching the variable {@code visitSummary}; kept as two small string variables, refreshed when the date changes.
 */
@Component
class FormDisplay {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", new Locale("ru"));

	private final LifecycleProperties properties;

	private final UserDirectory users;

	FormDisplay(LifecycleProperties properties, UserDirectory users) {
		this.properties = properties;
		this.users = users;
	}

	Map<String, Object> variablesFor(Visit visit) {
		String type = this.properties.visitType(visit.visitType()).map(LifecycleProperties.VisitType::name).orElse(visit.visitType());
		String company = (visit.companyTitle() != null) ? visit.companyTitle() : "Компания №" + visit.companyId();
		String summary = company + " · " + type + " · " + WHEN.format(visit.plannedStart().atZone(visit.timeZone()))
				+ " (" + visit.timeZone().getId() + ") · " + this.users.displayName(visit.repId()).orElse(visit.repId());
		Map<String, Object> variables = new HashMap<>();
		variables.put(LifecycleModel.VISIT_SUMMARY, summary);
		variables.put(LifecycleModel.VISIT_PURPOSE, (visit.purpose() != null) ? "Цель: " + visit.purpose() : "");
		return variables;
	}

}
