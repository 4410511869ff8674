package ru.visitflow.field;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.Visit;

/**
 * The month calendar's events as JSON for FullCalendar; a REST controller so that bad
 * dates answer 400 with the field and the reason, as the API does.
 */
@RestController
class FieldCalendarController {

	/**
	 * A month grid shows six weeks; a little more leaves room for FullCalendar's views.
	 */
	private static final int MAX_DAYS = 62;

	private final FieldDays days;

	FieldCalendarController(FieldDays days) {
		this.days = days;
	}

	/** One visit in the month calendar (FullCalendar's event object). */
	record CalendarEvent(String id, String title, String start, String end, String url, List<String> classNames) {
	}

	/**
	 * The visits of the rep (or a rep of the supervisor's team) planned from {@code from}
	 * up to, not including, {@code to}, for the month calendar; times are the rep's local
	 * times.
	 */
	@GetMapping("/field/calendar/events")
	List<CalendarEvent> calendarEvents(@RequestParam(required = false) String rep,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		Actor actor = CurrentActor.get();
		String subject = this.days.subject(actor, rep);
		if (!to.isAfter(from)) {
			throw new InvalidInputException("to", "invalid", "must be after 'from'");
		}
		if (from.plusDays(MAX_DAYS).isBefore(to)) {
			throw new InvalidInputException("to", "invalid", "at most " + MAX_DAYS + " days after 'from'");
		}
		ZoneId zone = this.days.zoneOf(subject);
		String suffix = subject.equals(actor.userId()) ? "" : "?rep=" + subject;
		return this.days.between(subject, from, to, null, actor).stream().map((d) -> {
			Visit v = d.visit();
			List<String> classes = new ArrayList<>(List.of("ev-" + v.stage().name()));
			if (d.overdue()) {
				classes.add("ev-overdue");
			}
			LocalDateTime start = v.plannedStart().atZone(zone).toLocalDateTime();
			return new CalendarEvent(v.id().toString(),
					(v.companyTitle() != null) ? v.companyTitle() : "#" + v.companyId(), start.toString(),
					start.plusMinutes(v.durationMinutes()).toString(), "/field/visits/" + v.id() + suffix, classes);
		}).toList();
	}

}
