package ru.visitflow.visit.process;

import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;

/**
 * Short texts the Tasklist forms show above their fields (the forms template {{visitSummary}}); kept as two
 * small string variables and refreshed whenever the date changes.
 */
@Component
class FormDisplay {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", new Locale("ru"));

	private final LifecycleProperties properties;

	FormDisplay(LifecycleProperties properties) {
		this.properties = properties;
	}

	Map<String, Object> variablesFor(Visit visit) {
		String type = this.properties.visitType(visit.visitType()).map(LifecycleProperties.VisitType::name).orElse(visit.visitType());
		String company = (visit.companyTitle() != null) ? visit.companyTitle() : "Компания №" + visit.companyId();
		String summary = company + " · " + type + " · " + WHEN.format(visit.plannedStart().atZone(visit.timeZone()))
				+ " (" + visit.timeZone().getId() + ")";
		Map<String, Object> variables = new HashMap<>();
		variables.put(LifecycleModel.VISIT_SUMMARY, summary);
		variables.put(LifecycleModel.VISIT_PURPOSE, (visit.purpose() != null) ? "Цель: " + visit.purpose() : "");
		return variables;
	}

}
