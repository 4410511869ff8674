package ru.visitflow.field;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.VisitStage;

/**
 * The field app's API. Reschedule, cancel, files, card edits and tasks use the general
 * visit and company API ({@code /api/visits/...}, {@code /api/companies/...}); every
 * state-changing call honours {@code Idempotency-Key}.
 */
@RestController
@Validated
@RequestMapping("/api/field")
@Tag(name = "Field app", description = "A rep's day, check-in verification, unplanned visits and numbers. "
		+ "State-changing calls honour the Idempotency-Key header: the same key returns the first answer, the same "
		+ "key with another body answers 422.")
class FieldApiController {

	private final FieldDays days;

	private final CheckIns checkIns;

	private final FieldVisits fieldVisits;

	private final FieldCompanies companies;

	private final FieldNumbers numbers;

	private final FieldProperties properties;

	FieldApiController(FieldDays days, CheckIns checkIns, FieldVisits fieldVisits, FieldCompanies companies,
			FieldNumbers numbers, FieldProperties properties) {
		this.days = days;
		this.checkIns = checkIns;
		this.fieldVisits = fieldVisits;
		this.companies = companies;
		this.numbers = numbers;
		this.properties = properties;
	}

	/**
	 * The phone's clock when it sent the request, in a header so that a resent request
	 * keeps its body.
	 */
	static final String SENT_AT = "X-Sent-At";

	@Schema(example = """
			{"latitude": 55.7558, "longitude": 37.6173, "accuracy": 12.5, "positionTime": "2026-12-08T07:02:10Z",
			 "deviceTime": "2026-12-08T07:02:15Z"}""")
	record CheckRequest(Double latitude, Double longitude, Double accuracy, Instant positionTime, Instant deviceTime,
			@Size(max = 40) String error) {

		Position position(Instant sentAt) {
			return new Position(this.latitude, this.longitude, this.accuracy, this.positionTime, this.deviceTime,
					sentAt, this.error);
		}

	}

	@Schema(example = """
			{"outcome": "ORDER_PLACED", "notes": "Order for 120 units", "nextVisitStart": "2027-01-12T11:00",
			 "nextVisitType": "training", "nextVisitPurpose": "Train the staff on the new range"}""")
	record ResultRequest(String outcome, @Size(max = 7000) String notes,
			@Schema(description = "The next visit agreed at the client: a date (default time) or a date and time in "
					+ "the rep's zone, or an instant") String nextVisitStart,
			@Schema(description = "The next visit's type (GET /api/visit-types); this visit's when left out",
					example = "training") String nextVisitType,
			@Schema(description = "The next visit's purpose; this visit's when left out",
					example = "Train the staff on the new range") @Size(max = 2000) String nextVisitPurpose) {
	}

	@Schema(example = """
			{"companyId": 101, "visitType": "meeting", "purpose": "Passing by",
			 "position": {"latitude": 55.7558, "longitude": 37.6173, "accuracy": 15.0}}""")
	record UnplannedRequest(Long companyId, String visitType, @Size(max = 2000) String purpose,
			@Valid CheckRequest position) {
	}

	@Schema(example = """
			{"visits": 40}""")
	record TargetRequest(Integer visits) {
	}

	record CheckView(UUID id, UUID visitId, CheckKind kind, Double latitude, Double longitude, Double accuracy,
			Instant positionTime, Instant deviceTime, Instant serverTime, Long distanceMeters, CheckGrade grade,
			boolean onSite, List<ForgeryFlag> flags, boolean locationProposed, String error, String summary) {
	}

	record DayItem(UUID id, String companyTitle, long companyId, String address, Double latitude, Double longitude,
			String plannedStart, String visitType, VisitStage stage, boolean overdue) {
	}

	@GetMapping("/days")
	@Operation(summary = "A rep's visits in a period, in planned order",
			description = "Dates in the rep's time zone, both inclusive (at most 62 days); today when left out. "
					+ "repId: a supervisor reads a rep of their team.")
	List<DayItem> days(@RequestParam(required = false) String repId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) VisitStage stage) {
		Actor actor = CurrentActor.get();
		String rep = this.days.subject(actor, repId);
		LocalDate start = (from != null) ? from : this.days.today(rep);
		LocalDate end = (to != null) ? to : start;
		if (end.isBefore(start)) {
			throw new InvalidInputException("to", "invalid", "must be on or after 'from'");
		}
		return this.days.between(rep, start, end.plusDays(1), stage, actor).stream().map(this::item).toList();
	}

	@GetMapping("/visits/{id}")
	@Operation(summary = "The visit screen: visit, company, contacts, last result, the company's visits, checks, files")
	FieldDays.VisitCard card(@PathVariable UUID id) {
		return this.days.card(id, CurrentActor.get());
	}

	@GetMapping("/visits/{id}/checks")
	@Operation(summary = "A visit's check-in and check-out with their grades, distances and flags")
	List<CheckView> checks(@PathVariable UUID id) {
		return this.checkIns.of(id, CurrentActor.get()).stream().map(this::view).toList();
	}

	@PostMapping("/visits/{id}/check-in")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Check in (start the visit)",
			description = "The phone's position, accuracy and times (header X-Sent-At: the phone's clock when sent). Off site the check-in is still taken, graded "
					+ "and flagged (radius visitflow.field.on-site-radius-meters, default 150 m). Without a position "
					+ "give error: DENIED, UNAVAILABLE, TIMEOUT or UNSUPPORTED. 409 when the visit is not in work or "
					+ "overdue, or already checked in.")
	ResponseEntity<CheckView> checkIn(@PathVariable UUID id, @Valid @RequestBody CheckRequest request,
			@RequestHeader(name = SENT_AT, required = false) String sentAt) {
		FieldCheck check = this.checkIns.check(id, CheckKind.CHECK_IN, request.position(sentAt(sentAt)),
				CurrentActor.get());
		return ResponseEntity.created(URI.create("/api/field/visits/" + id + "/checks")).body(view(check));
	}

	@PostMapping("/visits/{id}/check-out")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Check out (finish the visit)",
			description = "As check-in; after a check-in, also on a completed " + "visit.")
	ResponseEntity<CheckView> checkOut(@PathVariable UUID id, @Valid @RequestBody CheckRequest request,
			@RequestHeader(name = SENT_AT, required = false) String sentAt) {
		FieldCheck check = this.checkIns.check(id, CheckKind.CHECK_OUT, request.position(sentAt(sentAt)),
				CurrentActor.get());
		return ResponseEntity.created(URI.create("/api/field/visits/" + id + "/checks")).body(view(check));
	}

	@PostMapping("/visits/{id}/result")
	@Operation(summary = "Record the result", description = "Outcome, notes and the next visit agreed at the client: "
			+ "its date and time, type and purpose (a repeat visit at once, in Bitrix24 and the calendar; type and "
			+ "purpose default to this visit's; a type or purpose without a start answers 400); the check-in's grade and distance are added to the notes, so the Bitrix24 timeline "
			+ "comment shows them. Attach files first (POST /api/visits/{id}/attachments).")
	FieldDays.VisitCard result(@PathVariable UUID id, @Valid @RequestBody ResultRequest request) {
		Actor actor = CurrentActor.get();
		this.fieldVisits.complete(id, request.outcome(), request.notes(), request.nextVisitStart(),
				request.nextVisitType(), request.nextVisitPurpose(), actor);
		return this.days.card(id, actor);
	}

	@PostMapping("/visits/unplanned")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Register an unplanned visit on the spot",
			description = "Created in work and checked in " + "at once with the given position.")
	ResponseEntity<FieldDays.VisitCard> unplanned(@Valid @RequestBody UnplannedRequest request,
			@RequestHeader(name = SENT_AT, required = false) String sentAt) {
		Actor actor = CurrentActor.get();
		if (request.position() == null) {
			throw new InvalidInputException("position", "required", "must be given (or its error)");
		}
		FieldVisits.Unplanned created = this.fieldVisits.unplanned(request.companyId(), request.visitType(),
				request.purpose(), request.position().position(sentAt(sentAt)), actor);
		return ResponseEntity.created(URI.create("/api/field/visits/" + created.visit().id()))
			.body(this.days.card(created.visit().id(), actor));
	}

	@GetMapping("/companies")
	@Operation(summary = "Companies for an unplanned visit",
			description = "By name, address, INN or id (q), or nearest first from a position (latitude, longitude).")
	List<FieldCompanies.Pick> companies(@RequestParam(required = false) @Size(max = 100) String q,
			@RequestParam(required = false) Double latitude, @RequestParam(required = false) Double longitude,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		CurrentActor.get();
		if (latitude != null && longitude != null) {
			if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
				throw new InvalidInputException("latitude", "invalid", "not a position");
			}
			return this.companies.nearby(latitude, longitude, limit);
		}
		if (q == null || q.isBlank()) {
			throw new InvalidInputException("q", "required", "give q, or latitude and longitude");
		}
		return this.companies.search(q.trim(), limit);
	}

	@GetMapping("/numbers")
	@Operation(summary = "My numbers", description = "Completed visits this month against the target, in a period "
			+ "by type, and the share of check-ins on site.")
	FieldNumbers.Numbers numbers(@RequestParam(required = false) String repId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		Actor actor = CurrentActor.get();
		return this.numbers.of(this.days.subject(actor, repId), from, to, actor);
	}

	@PutMapping("/targets/{repId}/{month}")
	@Operation(summary = "Set a rep's monthly target of completed visits",
			description = "By the rep's supervisor or an administrator; month as 2026-12.")
	FieldNumbers.Numbers target(@PathVariable String repId, @PathVariable String month,
			@RequestBody TargetRequest request) {
		Actor actor = CurrentActor.get();
		YearMonth parsed = month(month, null);
		if (request == null || request.visits() == null) {
			throw new InvalidInputException("visits", "required", "must be given");
		}
		this.numbers.setTarget(repId, parsed, request.visits(), actor);
		return this.numbers.of(repId, null, null, actor);
	}

	@GetMapping("/targets")
	@Operation(summary = "Monthly targets of the reps the caller sets them for",
			description = "A supervisor's team, every rep for an administrator (403 for reps): the month's target "
					+ "(null when none is set), completed visits planned in the month, check-ins and those on site. "
					+ "month as 2026-12, the current one when left out.")
	List<FieldNumbers.TargetRow> targets(@RequestParam(required = false) String month) {
		Actor actor = CurrentActor.get();
		return this.numbers.targets(month(month, YearMonth.from(this.days.today(actor.userId()))), actor);
	}

	/** A month as 2026-12; {@code fallback} when not given (400 when null). */
	static YearMonth month(String value, YearMonth fallback) {
		if (value == null || value.isBlank()) {
			if (fallback != null) {
				return fallback;
			}
			throw new InvalidInputException("month", "required", "use 2026-12");
		}
		try {
			return YearMonth.parse(value.trim());
		}
		catch (RuntimeException ex) {
			throw new InvalidInputException("month", "format", "use 2026-12");
		}
	}

	@GetMapping("/offline-urls")
	@Operation(summary = "The pages the app keeps for offline work", description = "The day pages and visit screens "
			+ "of the next days (visitflow.field.offline-days, default 7).")
	List<String> offlineUrls(@RequestParam(required = false) String repId) {
		Actor actor = CurrentActor.get();
		String rep = this.days.subject(actor, repId);
		LocalDate today = this.days.today(rep);
		String suffix = rep.equals(actor.userId()) ? "" : "rep=" + rep;
		List<String> urls = new ArrayList<>();
		urls.add("/field" + (suffix.isEmpty() ? "" : "?" + suffix));
		for (int d = 0; d < this.properties.offlineDays(); d++) {
			urls.add("/field?date=" + today.plusDays(d) + (suffix.isEmpty() ? "" : "&" + suffix));
		}
		// the month calendar with this month's visits and the days' lists (the URLs
		// calendar.js asks for)
		String amp = suffix.isEmpty() ? "" : "&" + suffix;
		urls.add("/field/calendar" + (suffix.isEmpty() ? "" : "?" + suffix));
		LocalDate gridStart = today.withDayOfMonth(1).with(DayOfWeek.MONDAY);
		urls.add("/field/calendar/events?from=" + gridStart + "&to=" + gridStart.plusDays(42) + amp);
		for (int d = 0; d < this.properties.offlineDays(); d++) {
			urls.add("/field/calendar/day?date=" + today.plusDays(d) + amp);
		}
		this.days.between(rep, today, today.plusDays(this.properties.offlineDays()), null, actor)
			.forEach((v) -> urls.add("/field/visits/" + v.visit().id()));
		this.days.inStage(rep, VisitStage.OVERDUE, actor).forEach((v) -> urls.add("/field/visits/" + v.visit().id()));
		return urls.stream().distinct().toList();
	}

	private static Instant sentAt(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(header.trim());
		}
		catch (RuntimeException ex) {
			throw new InvalidInputException(SENT_AT, "format", "an ISO-8601 instant such as 2026-12-01T09:00:00Z");
		}
	}

	private DayItem item(FieldDays.DayVisit v) {
		return new DayItem(v.visit().id(), v.visit().companyTitle(), v.visit().companyId(),
				(v.company() != null) ? v.company().address() : null,
				(v.company() != null) ? v.company().latitude() : null,
				(v.company() != null) ? v.company().longitude() : null,
				v.visit().plannedStart().atZone(v.visit().timeZone()).toOffsetDateTime().toString(),
				v.visit().visitType(), v.visit().stage(), v.overdue());
	}

	private CheckView view(FieldCheck c) {
		Locale locale = LocaleContextHolder.getLocale();
		return new CheckView(c.id(), c.visitId(), c.kind(), c.latitude(), c.longitude(), c.accuracyMeters(),
				c.positionTime(), c.deviceTime(), c.serverTime(),
				(c.distanceMeters() != null) ? Math.round(c.distanceMeters()) : null, c.grade(), c.grade().onSite(),
				c.flags().stream().sorted().toList(), c.locationProposed(), c.error(),
				this.fieldVisits.describe(c, locale));
	}

}
