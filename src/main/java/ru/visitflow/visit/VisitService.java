package ru.visitflow.visit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;

/**
 * The visit domain. Commands from people (API, app, later Bitrix24) are checked here and
 * handed to the lifecycle; the lifecycle's own steps call back the methods below to keep
 * the read model in its transaction. Every command is one transaction: a failure leaves
 * nothing half-done.
 */
@Service
public class VisitService {

	/** Bitrix24 ids are 32-bit; anything larger is a typing error or a probe. */
	public static final long MAX_ID = Integer.MAX_VALUE;

	/**
	 * Origins a person may give; REPEAT and BITRIX24 are set by the lifecycle and the
	 * integration.
	 */
	private static final Set<VisitOrigin> CHOSEN_ORIGINS = EnumSet.of(VisitOrigin.MANUAL, VisitOrigin.PLAN,
			VisitOrigin.MAP, VisitOrigin.UNPLANNED, VisitOrigin.ROUTE);

	private static final LocalTime TASK_DEADLINE_TIME = LocalTime.of(18, 0);

	private final VisitRepository visits;

	private final VisitLifecycle lifecycle;

	private final VisitAccess access;

	private final UserDirectory users;

	private final LifecycleProperties properties;

	private final Clock clock;

	private final CompanyMirror companies;

	private final MessageSource messages;

	VisitService(VisitRepository visits, VisitLifecycle lifecycle, VisitAccess access, UserDirectory users,
			LifecycleProperties properties, Clock clock, CompanyMirror companies, MessageSource messages) {
		this.companies = companies;
		this.messages = messages;
		this.visits = visits;
		this.lifecycle = lifecycle;
		this.access = access;
		this.users = users;
		this.properties = properties;
		this.clock = clock;
	}

	// ---- queries ----

	@Transactional(readOnly = true)
	public VisitDetails get(UUID id, Actor actor) {
		Visit visit = load(id);
		this.access.check(actor, visit.repId());
		return new VisitDetails(visit, this.visits.stageHistory(id));
	}

	/**
	 * A visit the actor may act on that a Bitrix24 task may follow up: an open one, or
	 * one completed within the follow-up window (the rep records the result, then makes
	 * the task; an offline outbox sends them in that order). A cancelled or failed visit,
	 * or one completed longer ago, answers 409.
	 */
	@Transactional(readOnly = true)
	public Visit getForFollowUp(UUID id, Actor actor) {
		Visit visit = load(id);
		this.access.check(actor, visit.repId());
		if (visit.stage().isOpen()) {
			return visit;
		}
		if (visit.stage() != VisitStage.COMPLETED) {
			throw new ConflictException("The visit is already " + visit.stage() + " and takes no follow-up");
		}
		Instant closedAt = (visit.closedAt() != null) ? visit.closedAt() : visit.stageChangedAt();
		if (closedAt == null || closedAt.plus(this.properties.taskFollowUpWindow()).isBefore(now())) {
			throw new ConflictException("The visit was completed more than " + this.properties.taskFollowUpWindow()
					+ " ago and takes no more follow-up tasks");
		}
		return visit;
	}

	/**
	 * A task deadline as people write it (a bare date: 18:00), within ten years of today.
	 */
	public Instant taskDeadline(Visit visit, String deadline) {
		return VisitTimes.withinBounds(VisitTimes.parse(deadline, "deadline", visit.timeZone(), TASK_DEADLINE_TIME),
				"deadline", now());
	}

	@Transactional(readOnly = true)
	public VisitPage search(VisitFilter filter, int page, int size, Actor actor) {
		return this.visits.search(filter, this.access.visibleReps(actor), page, size);
	}

	@Transactional(readOnly = true)
	public Optional<Visit> findByBitrix24Item(long itemId) {
		return this.visits.findByBitrix24Item(itemId);
	}

	// ---- commands from people ----

	@Transactional
	public Visit create(NewVisit request, Actor actor) {
		// REPEAT comes only from a recorded result; BITRIX24 only from the integration
		// (an administrator actor)
		boolean allowed = request.origin() == null || CHOSEN_ORIGINS.contains(request.origin())
				|| (request.origin() == VisitOrigin.BITRIX24 && actor.isAdmin());
		if (!allowed) {
			throw new InvalidInputException("origin", "invalid",
					"'" + request.origin() + "' is set by Visitflow itself; one of " + CHOSEN_ORIGINS);
		}
		return create(request, actor, null);
	}

	/**
	 * A visit for an item created in Bitrix24 (a card, a robot, a business process). The
	 * unique item id in the read model makes a replayed event fail here instead of
	 * starting a second lifecycle.
	 */
	@Transactional
	public Visit createForBitrix24Item(NewVisit request, long itemId, Actor actor) {
		return create(request, actor, itemId);
	}

	/** Remembers which smart-process item Bitrix24 created for a visit. */
	@Transactional
	public void linkBitrix24Item(UUID id, long itemId) {
		this.visits.linkBitrix24Item(id, itemId);
	}

	/**
	 * A visit whose request a supervisor already approved elsewhere (a plan's control
	 * step): it skips the review its origin would otherwise need and goes straight to
	 * planning.
	 */
	@Transactional
	public Visit createReviewed(NewVisit request, Actor actor) {
		return create(request, actor, null, true);
	}

	private Visit create(NewVisit request, Actor actor, Long bitrix24ItemId) {
		return create(request, actor, bitrix24ItemId, false);
	}

	private Visit create(NewVisit request, Actor actor, Long bitrix24ItemId, boolean reviewed) {
		List<FieldProblem> problems = new ArrayList<>();
		String repId = (request.repId() != null && !request.repId().isBlank()) ? request.repId() : actor.userId();
		if (!this.users.isRep(repId)) {
			problems.add(new FieldProblem("repId", "unknown", "'" + repId + "' is not a rep"));
		}
		else {
			this.access.check(actor, repId);
		}
		if (request.companyId() == null) {
			problems.add(FieldProblem.required("companyId"));
		}
		else if (request.companyId() <= 0 || request.companyId() > MAX_ID) {
			problems.add(new FieldProblem("companyId", "invalid",
					"must be a Bitrix24 company id (a positive number up to " + MAX_ID + ")"));
		}
		if (request.contactId() != null && (request.contactId() <= 0 || request.contactId() > MAX_ID)) {
			problems.add(new FieldProblem("contactId", "invalid",
					"must be a Bitrix24 contact id (a positive number up to " + MAX_ID + ")"));
		}
		LifecycleProperties.VisitType type = null;
		if (request.visitType() == null || request.visitType().isBlank()) {
			problems.add(FieldProblem.required("visitType"));
		}
		else {
			type = this.properties.visitType(request.visitType()).orElse(null);
			if (type == null) {
				problems.add(new FieldProblem("visitType", "unknown",
						"'" + request.visitType() + "' is not a visit type; known: "
								+ this.properties.visitTypes().stream().map((t) -> t.code()).toList()));
			}
		}
		if (request.durationMinutes() != null
				&& (request.durationMinutes() < 5 || request.durationMinutes() > 24 * 60)) {
			problems.add(new FieldProblem("durationMinutes", "invalid", "must be between 5 and 1440 minutes"));
		}
		ZoneId zone = this.users.timeZoneOf(repId);
		Instant plannedStart = null;
		try {
			plannedStart = futureStart(request.plannedStart(), "plannedStart", zone);
		}
		catch (InvalidInputException ex) {
			problems.addAll(ex.problems());
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		int duration = (request.durationMinutes() != null) ? request.durationMinutes() : type.defaultDurationMinutes();
		VisitOrigin origin = (request.origin() != null) ? request.origin() : VisitOrigin.MANUAL;
		String companyTitle = trim(request.companyTitle());
		if (companyTitle == null) {
			// the mirror knows the company's real title; repeat visits inherit it
			companyTitle = this.companies.company(request.companyId())
				.map(Company::title)
				.map(VisitService::trim)
				.orElse(null);
		}
		return open(new Visit(UUID.randomUUID(), null, request.companyId(), companyTitle, request.contactId(), repId,
				type.code(), plannedStart, duration, zone, trim(request.purpose()), trim(request.region()), origin,
				VisitStage.DRAFT, now(), null, null, null, null, null, bitrix24ItemId, 0, now(), actor.userId(), null),
				reviewed);
	}

	/**
	 * A visit registered on the spot: planned now, straight in work, completed at once
	 * when a result is given.
	 */
	@Transactional
	public Visit registerUnplanned(NewVisit request, VisitResult result, Actor actor) {
		if (request.plannedStart() != null) {
			throw new InvalidInputException("plannedStart", "invalid", "an unplanned visit starts now; leave it out");
		}
		if (result != null) {
			checkResult(result);
		}
		NewVisit now = new NewVisit(request.companyId(), request.companyTitle(), request.contactId(), request.repId(),
				request.visitType(), now().toString(), request.durationMinutes(), request.purpose(), request.region(),
				VisitOrigin.UNPLANNED);
		Visit visit = create(now, actor);
		if (result != null) {
			this.lifecycle.submitResult(visit.id(), result);
		}
		return load(visit.id());
	}

	@Transactional
	public Visit reschedule(UUID id, String newPlannedStart, Actor actor) {
		Visit visit = loadForChange(id, actor);
		Instant start = futureStart(newPlannedStart, "plannedStart", visit.timeZone());
		this.lifecycle.requestReschedule(id, start);
		return load(id);
	}

	@Transactional
	public Visit cancel(UUID id, String reason, Actor actor) {
		if (reason == null || reason.isBlank()) {
			throw new InvalidInputException(List.of(FieldProblem.required("reason")));
		}
		loadForChange(id, actor);
		this.lifecycle.requestCancellation(id, reason.trim());
		return load(id);
	}

	@Transactional
	public Visit complete(UUID id, VisitResult result, Actor actor) {
		checkResult(result);
		Visit visit = loadForChange(id, actor);
		if (!visit.stage().acceptsResult()) {
			throw new ConflictException(
					"A result can be recorded in stages IN_WORK and OVERDUE; the visit is in " + visit.stage());
		}
		this.lifecycle.submitResult(id, result);
		return load(id);
	}

	// ---- steps of the lifecycle (called by its delegates, inside the engine's
	// transaction) ----

	/**
	 * Moves the visit to a stage; a visit already there keeps its history but is still
	 * marked changed.
	 */
	@Transactional
	public void enterStage(UUID id, VisitStage stage, String by, String note) {
		Visit visit = loadOpen(id);
		if (stage == VisitStage.CANCELLED) {
			this.visits.recordCancelReason(id, trim(note));
		}
		if (visit.stage() == stage) {
			this.visits.touch(id);
			return;
		}
		this.visits.changeStage(id, visit.stage(), stage, now(), by, note);
	}

	@Transactional(readOnly = true)
	public StageSchedule planStageTimers(UUID id, StageTimers timers) {
		Visit visit = load(id);
		return StageSchedule.plan(visit.plannedStart(), visit.timeZone(), visit.origin() == VisitOrigin.REPEAT, now(),
				timers.inWorkLeadTime(), timers.repeatVisitLeadTime(), timers.overdueGracePeriod());
	}

	/** Applies a new planned start given in a form or a message; it must lie ahead. */
	@Transactional
	public Visit applyPlannedStart(UUID id, String newPlannedStart) {
		Visit visit = loadOpen(id);
		Instant start = futureStart(newPlannedStart, "newPlannedStart", visit.timeZone());
		this.visits.changePlannedStart(id, start);
		return load(id);
	}

	@Transactional
	public void recordReview(UUID id, String comment) {
		this.visits.recordReview(id, trim(comment));
	}

	/**
	 * Writes the result; an agreed next visit becomes a repeat visit with its own
	 * lifecycle.
	 */
	@Transactional
	public void recordResult(UUID id, VisitResult result, String by) {
		checkResult(result);
		Visit visit = loadOpen(id);
		this.visits.recordResult(id, result);
		if (result.nextVisitStart() != null) {
			open(new Visit(UUID.randomUUID(), null, visit.companyId(), visit.companyTitle(), visit.contactId(),
					visit.repId(), (result.nextVisitType() != null) ? result.nextVisitType() : visit.visitType(),
					result.nextVisitStart(), visit.durationMinutes(), visit.timeZone(),
					(result.nextVisitPurpose() != null) ? result.nextVisitPurpose() : visit.purpose(), visit.region(),
					VisitOrigin.REPEAT, VisitStage.REPEAT_VISIT, now(), null, null, null, null, visit.id(), null, 0,
					now(), by, null));
		}
	}

	/** Reads a result as forms and messages give it, with field-level errors. */
	public VisitResult readResult(String outcome, String notes, String nextVisitStart, ZoneId zone) {
		return readResult(outcome, notes, nextVisitStart, null, null, zone);
	}

	/**
	 * Reads a result with the next visit's type and purpose (both optional: left out, the
	 * visit's own are kept); they need a next visit's start.
	 */
	public VisitResult readResult(String outcome, String notes, String nextVisitStart, String nextVisitType,
			String nextVisitPurpose, ZoneId zone) {
		if (outcome == null || outcome.isBlank()) {
			throw new InvalidInputException(List.of(FieldProblem.required("outcome")));
		}
		VisitOutcome parsed;
		try {
			parsed = VisitOutcome.valueOf(outcome.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("outcome", "unknown",
					"'" + outcome + "' is not an outcome; one of " + List.of(VisitOutcome.values()));
		}
		Instant next = VisitTimes.isGiven(nextVisitStart) ? futureStart(nextVisitStart, "nextVisitStart", zone) : null;
		String type = trim(nextVisitType);
		String purpose = trim(nextVisitPurpose);
		List<FieldProblem> problems = new ArrayList<>();
		if (type != null && this.properties.visitType(type).isEmpty()) {
			problems.add(new FieldProblem("nextVisitType", "unknown", "'" + type + "' is not a visit type; known: "
					+ this.properties.visitTypes().stream().map((t) -> t.code()).toList()));
		}
		if (purpose != null && purpose.length() > 2000) {
			problems.add(new FieldProblem("nextVisitPurpose", "invalid", "at most 2000 characters"));
		}
		if (next == null && type != null) {
			problems.add(new FieldProblem("nextVisitStart", "required", "the next visit's type needs its start"));
		}
		else if (next == null && purpose != null) {
			problems.add(new FieldProblem("nextVisitStart", "required", "the next visit's purpose needs its start"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return new VisitResult(parsed, trim(notes), next, type, purpose);
	}

	public Visit load(UUID id) {
		return this.visits.find(id).orElseThrow(() -> new NotFoundException("No visit " + id));
	}

	// ---- internals ----

	private Visit open(Visit visit) {
		return open(visit, false);
	}

	private Visit open(Visit visit, boolean reviewed) {
		this.visits.insert(visit);
		this.visits.changeStage(visit.id(), null, visit.stage(), visit.createdAt(), visit.createdBy(),
				this.messages.getMessage("visit.history.created", null, Locale.forLanguageTag("ru")));
		boolean reviewRequired = !reviewed && this.properties.reviewRequiredFor().contains(visit.origin());
		Visit stored = load(visit.id());
		String processInstanceId = this.lifecycle.start(stored, reviewRequired);
		this.visits.linkProcessInstance(visit.id(), processInstanceId);
		return load(visit.id());
	}

	private Visit loadForChange(UUID id, Actor actor) {
		Visit visit = load(id);
		this.access.check(actor, visit.repId());
		if (!visit.stage().isOpen()) {
			throw new ConflictException("The visit is already " + visit.stage() + " and cannot change");
		}
		return visit;
	}

	private void checkResult(VisitResult result) {
		if (result == null || result.outcome() == null) {
			throw new InvalidInputException(List.of(FieldProblem.required("outcome")));
		}
		if (result.nextVisitStart() != null && result.nextVisitStart().isBefore(now())) {
			throw new InvalidInputException("nextVisitStart", "past", "must not be in the past");
		}
	}

	private Instant futureStart(String value, String field, ZoneId zone) {
		Instant start = VisitTimes.parse(value, field, zone, this.properties.defaultVisitTime());
		if (start.isBefore(now().minus(this.properties.pastTolerance()))) {
			throw new InvalidInputException(field, "past", "must not be in the past");
		}
		return VisitTimes.withinBounds(start, field, now());
	}

	/**
	 * A visit a lifecycle step may still change: no step ever applies to a visit in a
	 * final stage.
	 */
	private Visit loadOpen(UUID id) {
		Visit visit = load(id);
		if (!visit.stage().isOpen()) {
			throw new ConflictException("The visit " + id + " is already " + visit.stage() + " and cannot change");
		}
		return visit;
	}

	private Instant now() {
		return this.clock.instant();
	}

	private static String trim(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
