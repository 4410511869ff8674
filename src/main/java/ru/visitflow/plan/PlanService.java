package ru.visitflow.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.coverage.CoverageEntry;
import ru.visitflow.coverage.CoverageService;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAccess;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitTimes;

/**
 * Plans: commands from people are checked here and handed to the plan process; the
 * process's steps call back the "steps" methods below inside the engine's transaction, so
 * the read model never disagrees with it.
 */
@Service
public class PlanService {

	private static final Locale RU = Locale.forLanguageTag("ru");

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");

	private static final Set<RequestStatus> PENDING = EnumSet.of(RequestStatus.DRAFT, RequestStatus.SUBMITTED,
			RequestStatus.RETURNED);

	private final PlanRepository plans;

	private final PlanProcess process;

	private final PlanAccess access;

	private final PlanProperties properties;

	private final UserDirectory users;

	private final VisitService visits;

	private final VisitAccess visitAccess;

	private final LifecycleProperties lifecycle;

	private final CoverageService coverage;

	private final MessageSource messages;

	private final Clock clock;

	PlanService(PlanRepository plans, PlanProcess process, PlanAccess access, PlanProperties properties,
			UserDirectory users, VisitService visits, VisitAccess visitAccess, LifecycleProperties lifecycle,
			CoverageService coverage, MessageSource messages, Clock clock) {
		this.plans = plans;
		this.process = process;
		this.access = access;
		this.properties = properties;
		this.users = users;
		this.visits = visits;
		this.visitAccess = visitAccess;
		this.lifecycle = lifecycle;
		this.coverage = coverage;
		this.messages = messages;
		this.clock = clock;
	}

	// ---- queries ----

	@Transactional(readOnly = true)
	public PlanDetails get(UUID id, Actor actor) {
		Plan plan = load(id);
		this.access.checkSee(actor, plan);
		List<PlanRequest> requests = this.plans.requests(id);
		if (!this.access.mayManage(actor, plan)) {
			requests = requests.stream().filter((r) -> r.repId().equals(actor.userId())).toList();
		}
		return new PlanDetails(plan, requests, progress(plan));
	}

	/** The plans the actor may see that overlap the period (either end may be open). */
	@Transactional(readOnly = true)
	public List<Plan> list(Actor actor, LocalDate from, LocalDate to) {
		if (actor.isAdmin()) {
			return this.plans.list(null, null, from, to);
		}
		List<Plan> result = new ArrayList<>();
		if (actor.isSupervisor()) {
			result.addAll(this.plans.list(actor.userId(), null, from, to));
		}
		for (Plan own : this.plans.list(null, actor.userId(), from, to)) {
			if (own.scope() == PlanScope.REP && result.stream().noneMatch((p) -> p.id().equals(own.id()))) {
				result.add(own);
			}
		}
		return result;
	}

	/**
	 * The plans handed to this rep to propose visits that still wait for the proposals
	 * (the rep's forming task); the rep, their supervisor or an administrator asks.
	 */
	@Transactional(readOnly = true)
	public List<Plan> awaitingProposals(String repId, Actor actor) {
		this.visitAccess.check(actor, repId);
		return this.plans.list(null, repId, null, null)
			.stream()
			.filter((p) -> p.scope() == PlanScope.REP && p.formedBy() == PlanFormer.REP
					&& p.status() == PlanStatus.FORMING)
			.toList();
	}

	/**
	 * Companies due, overdue or never visited in the plan's scope, as suggestions for its
	 * requests.
	 */
	@Transactional(readOnly = true)
	public List<CoverageEntry> suggestions(UUID id, Actor actor) {
		Plan plan = load(id);
		this.access.checkSee(actor, plan);
		return suggestions(plan);
	}

	public List<CoverageEntry> suggestions(Plan plan) {
		return this.coverage.suggestions(repsOf(plan), (plan.scope() == PlanScope.REGION) ? plan.region() : null,
				plan.timeZone(), this.properties.suggestionLimit());
	}

	public PlanProgress progress(Plan plan) {
		Collection<String> reps = (plan.scope() == PlanScope.REGION) ? null : repsOf(plan);
		Map<String, Integer> completedByType = new LinkedHashMap<>();
		int planned = 0;
		int completed = 0;
		int open = 0;
		int overdue = 0;
		int failed = 0;
		for (PlanRepository.StageTypeCount count : this.plans.visitCounts(plan.startsAt(), plan.endsAt(), reps,
				(plan.scope() == PlanScope.REGION) ? plan.region() : null)) {
			switch (count.stage()) {
				case "COMPLETED" -> {
					completed += count.count();
					completedByType.merge(count.visitType(), count.count(), Integer::sum);
				}
				case "FAILED" -> failed += count.count();
				case "OVERDUE" -> {
					overdue += count.count();
					open += count.count();
				}
				case "CANCELLED" -> {
					continue;
				}
				default -> open += count.count();
			}
			planned += count.count();
		}
		double elapsed = elapsedShare(plan, this.clock.instant());
		return new PlanProgress(plan.target(), planned, completed, open, overdue, failed,
				(int) Math.round(plan.target() * elapsed), elapsed, completedByType);
	}

	// ---- commands from people ----

	@Transactional
	public Plan create(NewPlan request, Actor actor) {
		if (!actor.isSupervisor() && !actor.isAdmin()) {
			throw new ForbiddenException("Only supervisors set plans");
		}
		List<FieldProblem> problems = new ArrayList<>();
		PlanScope scope = (request.scope() != null) ? request.scope()
				: (request.repId() != null ? PlanScope.REP : PlanScope.TEAM);
		String repId = blankToNull(request.repId());
		String region = blankToNull(request.region());
		switch (scope) {
			case REP -> {
				if (repId == null) {
					problems.add(FieldProblem.required("repId"));
				}
				else if (!this.users.isRep(repId)) {
					problems.add(new FieldProblem("repId", "unknown", "'" + repId + "' is not a rep"));
				}
				else if (!this.visitAccess.mayAct(actor, repId)) {
					throw new ForbiddenException("This rep is not in your team");
				}
			}
			case TEAM -> {
				if (repId != null) {
					problems.add(new FieldProblem("repId", "invalid", "a team plan has no single rep"));
				}
				if (!actor.isAdmin() && this.users.teamOf(actor.userId()).isEmpty()) {
					problems.add(new FieldProblem("scope", "invalid", "you have no team"));
				}
			}
			case REGION -> {
				if (region == null) {
					problems.add(FieldProblem.required("region"));
				}
				if (repId != null) {
					problems.add(new FieldProblem("repId", "invalid", "a region plan has no single rep"));
				}
			}
		}
		PlanFormer formedBy = (request.formedBy() != null) ? request.formedBy() : PlanFormer.HEAD;
		if (formedBy == PlanFormer.REP && scope != PlanScope.REP) {
			problems.add(new FieldProblem("formedBy", "invalid", "only a plan for one rep can be handed to the rep"));
		}
		if (request.target() == null) {
			problems.add(FieldProblem.required("target"));
		}
		else if (request.target() < 1 || request.target() > 100_000) {
			problems.add(new FieldProblem("target", "invalid", "must be between 1 and 100000 visits"));
		}
		Map<String, Integer> mix = new LinkedHashMap<>();
		if (request.mix() != null) {
			int sum = 0;
			for (Map.Entry<String, Integer> entry : request.mix().entrySet()) {
				if (this.lifecycle.visitType(entry.getKey()).isEmpty()) {
					problems.add(new FieldProblem("mix." + entry.getKey(), "unknown", "is not a visit type"));
				}
				else if (entry.getValue() == null || entry.getValue() < 0) {
					problems.add(new FieldProblem("mix." + entry.getKey(), "invalid", "must be zero or more"));
				}
				else {
					mix.put(entry.getKey(), entry.getValue());
					sum += entry.getValue();
				}
			}
			if (request.target() != null && sum > request.target()) {
				problems.add(new FieldProblem("mix", "invalid", "adds up to " + sum + ", more than the target"));
			}
		}
		ZoneId zone = this.users.timeZoneOf(actor.userId());
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), zone);
		LocalDate start = null;
		LocalDate end = null;
		try {
			if (request.periodStart() != null || request.periodEnd() != null) {
				if (request.periodStart() == null || request.periodEnd() == null) {
					problems.add(
							new FieldProblem("periodEnd", "required", "give both periodStart and periodEnd, or month"));
				}
				else {
					start = LocalDate.parse(request.periodStart());
					end = LocalDate.parse(request.periodEnd());
				}
			}
			else {
				YearMonth month = (request.month() != null) ? YearMonth.parse(request.month()) : YearMonth.from(today);
				start = month.atDay(1);
				end = month.atEndOfMonth();
			}
		}
		catch (DateTimeParseException ex) {
			problems.add(new FieldProblem((request.month() != null) ? "month" : "periodStart", "format",
					"'" + ex.getParsedString() + "' is not a month (yyyy-MM) or a date (yyyy-MM-dd)"));
		}
		if (start != null && end != null) {
			if (end.isBefore(start)) {
				problems.add(new FieldProblem("periodEnd", "invalid", "must not be before periodStart"));
			}
			else if (end.isBefore(today)) {
				problems.add(new FieldProblem("periodEnd", "past", "the period is already over"));
			}
			else if (start.plusDays(366).isBefore(end)) {
				problems.add(new FieldProblem("periodEnd", "invalid", "a period is at most a year"));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		String supervisorId = actor.userId();
		Plan plan = new Plan(UUID.randomUUID(), null, supervisorId, scope, repId, region, start, end, zone,
				request.target(), mix, formedBy, PlanStatus.FORMING, null, null, null, null, null, null,
				this.clock.instant(), actor.userId(), null, null);
		this.plans.insert(plan);
		String processInstanceId = this.process.start(plan);
		this.plans.linkProcessInstance(plan.id(), processInstanceId);
		return load(plan.id());
	}

	@Transactional
	public PlanRequest addRequest(UUID planId, NewPlanRequest request, Actor actor) {
		Plan plan = load(planId);
		this.access.checkSee(actor, plan);
		this.access.checkForm(actor, plan);
		requireStatus(plan, PlanStatus.FORMING);
		List<FieldProblem> problems = new ArrayList<>();
		String repId = (plan.scope() == PlanScope.REP) ? plan.repId() : blankToNull(request.repId());
		if (plan.scope() == PlanScope.REP && request.repId() != null && !request.repId().equals(plan.repId())) {
			problems.add(new FieldProblem("repId", "invalid", "this plan is for " + plan.repId()));
		}
		if (repId == null) {
			problems.add(FieldProblem.required("repId"));
		}
		else if (!this.users.isRep(repId) || !repsOf(plan).contains(repId)) {
			problems.add(new FieldProblem("repId", "unknown", "'" + repId + "' is not a rep of this plan"));
		}
		if (request.companyId() == null) {
			problems.add(FieldProblem.required("companyId"));
		}
		else if (request.companyId() <= 0) {
			problems.add(new FieldProblem("companyId", "invalid", "must be a Bitrix24 company id (a positive number)"));
		}
		if (request.visitType() == null || request.visitType().isBlank()) {
			problems.add(FieldProblem.required("visitType"));
		}
		else if (this.lifecycle.visitType(request.visitType()).isEmpty()) {
			problems.add(new FieldProblem("visitType", "unknown", "'" + request.visitType() + "' is not a visit type"));
		}
		Instant start = null;
		ZoneId zone = (repId != null) ? this.users.timeZoneOf(repId) : plan.timeZone();
		try {
			start = VisitTimes.parse(request.plannedStart(), "plannedStart", zone, this.lifecycle.defaultVisitTime());
			LocalDate day = LocalDate.ofInstant(start, zone);
			if (start.isBefore(this.clock.instant())) {
				problems.add(new FieldProblem("plannedStart", "past", "must not be in the past"));
			}
			else if (day.isBefore(plan.periodStart()) || day.isAfter(plan.periodEnd())) {
				problems.add(new FieldProblem("plannedStart", "outOfPeriod",
						"must lie in the plan's period " + plan.periodStart() + ".." + plan.periodEnd()));
			}
		}
		catch (InvalidInputException ex) {
			problems.addAll(ex.problems());
		}
		if (request.purpose() != null && request.purpose().length() > 2000) {
			problems.add(new FieldProblem("purpose", "invalid", "at most 2000 characters"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		String region = blankToNull(request.region());
		if (region == null) {
			region = (plan.region() != null) ? plan.region()
					: this.users.profile(repId).map((p) -> p.region()).orElse(null);
		}
		PlanRequest created = new PlanRequest(UUID.randomUUID(), planId, request.companyId(),
				blankToNull(request.companyTitle()), repId, request.visitType(), start, blankToNull(request.purpose()),
				region, RequestStatus.DRAFT, null, null, this.clock.instant(), actor.userId(), null);
		this.plans.insert(created);
		return created;
	}

	@Transactional
	public void withdrawRequest(UUID planId, UUID requestId, Actor actor) {
		Plan plan = load(planId);
		this.access.checkSee(actor, plan);
		this.access.checkForm(actor, plan);
		requireStatus(plan, PlanStatus.FORMING);
		PlanRequest request = this.plans.requests(planId)
			.stream()
			.filter((r) -> r.id().equals(requestId))
			.findFirst()
			.orElseThrow(() -> new NotFoundException("No request " + requestId + " in this plan"));
		if (!request.status().isPending()) {
			throw new ConflictException("The request is already " + request.status());
		}
		this.plans.changeStatus(requestId, RequestStatus.WITHDRAWN);
	}

	/** Hands the formed set to the control step. */
	@Transactional
	public Plan submit(UUID planId, Actor actor) {
		Plan plan = load(planId);
		this.access.checkSee(actor, plan);
		this.access.checkForm(actor, plan);
		requireStatus(plan, PlanStatus.FORMING);
		if (this.plans.requests(planId, PENDING).isEmpty()) {
			throw new InvalidInputException("requests", "required", "add at least one visit request first");
		}
		this.process.completeForming(planId);
		return load(planId);
	}

	/** The control step: one decision for the whole set. */
	@Transactional
	public Plan review(UUID planId, ReviewDecision decision, List<UUID> approvedRequestIds, String comment,
			Actor actor) {
		Plan plan = load(planId);
		this.access.checkSee(actor, plan);
		this.access.checkManage(actor, plan);
		requireStatus(plan, PlanStatus.IN_REVIEW);
		checkReview(planId, decision, approvedRequestIds, comment);
		this.process.completeReview(planId, decision, (approvedRequestIds != null) ? approvedRequestIds : List.of(),
				blankToNull(comment));
		return load(planId);
	}

	@Transactional
	public Plan catchUp(UUID planId, String note, Actor actor) {
		Plan plan = load(planId);
		this.access.checkSee(actor, plan);
		this.access.checkManage(actor, plan);
		if (!this.process.waitsForCatchUp(planId)) {
			throw new ConflictException("The plan is not waiting for a catch-up decision");
		}
		this.process.completeCatchUp(planId, blankToNull(note));
		return load(planId);
	}

	/**
	 * A supervisor who may manage the plan cancels it, whatever it waits for: its process
	 * ends (open tasks, timers and the Bitrix24 notification go), requests not yet turned
	 * into visits are dropped, visits already created stay. A closed or cancelled plan
	 * answers 409.
	 */
	@Transactional
	public Plan cancel(UUID planId, String reason, Actor actor) {
		Plan plan = load(planId);
		this.access.checkSee(actor, plan);
		this.access.checkManage(actor, plan);
		String trimmed = blankToNull(reason);
		if (trimmed != null && trimmed.length() > 2000) {
			throw new InvalidInputException("reason", "too_long", "must be at most 2000 characters");
		}
		if (plan.status() == PlanStatus.CLOSED || plan.status() == PlanStatus.CANCELLED) {
			throw new ConflictException("The plan is already " + plan.status());
		}
		if (!this.process.cancel(planId, trimmed, actor.userId())) {
			throw new ConflictException("The plan's process has already ended");
		}
		return load(planId);
	}

	/**
	 * The cancellation step of the plan's process: the plan becomes CANCELLED, pending
	 * requests DROPPED; returns how many were dropped.
	 */
	@Transactional
	public int recordCancellation(UUID planId, String reason, String cancelledBy) {
		List<PlanRequest> pending = this.plans.requests(planId, PENDING);
		Instant now = this.clock.instant();
		pending.forEach((r) -> this.plans.decide(r.id(), RequestStatus.DROPPED, r.reviewComment(), now));
		this.plans.cancel(planId, now, cancelledBy, reason);
		return pending.size();
	}

	/** Who cancelled a plan and why (the reason may be null). */
	public record Cancellation(String cancelledBy, String reason) {
	}

	/** Who cancelled a cancelled plan and why; empty for a plan not cancelled. */
	@Transactional(readOnly = true)
	public Optional<Cancellation> cancellation(UUID planId) {
		return this.plans.cancellation(planId);
	}

	/**
	 * Checks a control-step decision; the process's form submissions are checked the same
	 * way.
	 */
	public void checkReview(UUID planId, ReviewDecision decision, List<UUID> approvedRequestIds, String comment) {
		List<FieldProblem> problems = new ArrayList<>();
		if (decision == null) {
			problems.add(FieldProblem.required("decision"));
		}
		else {
			if (decision != ReviewDecision.APPROVE_ALL && blankToNull(comment) == null) {
				problems.add(new FieldProblem("comment", "required", "say why requests go back"));
			}
			if (decision == ReviewDecision.APPROVE_SOME) {
				Set<UUID> submitted = new HashSet<>(this.plans.requests(planId, Set.of(RequestStatus.SUBMITTED))
					.stream()
					.map(PlanRequest::id)
					.toList());
				if (approvedRequestIds == null || approvedRequestIds.isEmpty()) {
					problems.add(new FieldProblem("approvedRequestIds", "required", "choose the requests to approve"));
				}
				else if (!submitted.containsAll(approvedRequestIds)) {
					problems.add(new FieldProblem("approvedRequestIds", "unknown",
							"only requests submitted for this review can be approved"));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
	}

	// ---- steps of the plan process (called by its delegates, inside the engine's
	// transaction) ----

	/**
	 * The formed set goes to the control step: drafts and reworked requests become
	 * SUBMITTED.
	 */
	@Transactional
	public int markSubmitted(UUID planId) {
		List<PlanRequest> pending = this.plans.requests(planId,
				EnumSet.of(RequestStatus.DRAFT, RequestStatus.RETURNED));
		pending.forEach((r) -> this.plans.changeStatus(r.id(), RequestStatus.SUBMITTED));
		this.plans.changeStatus(planId, PlanStatus.IN_REVIEW);
		return this.plans.requests(planId, Set.of(RequestStatus.SUBMITTED)).size();
	}

	/** The whole set goes back to the former with the head's comment. */
	@Transactional
	public int returnAll(UUID planId, String comment) {
		List<PlanRequest> submitted = this.plans.requests(planId, Set.of(RequestStatus.SUBMITTED));
		Instant now = this.clock.instant();
		submitted.forEach((r) -> this.plans.decide(r.id(), RequestStatus.RETURNED, comment, now));
		this.plans.recordReviewComment(planId, comment);
		this.plans.changeStatus(planId, PlanStatus.FORMING);
		return submitted.size();
	}

	/**
	 * Approved requests become visits (origin PLAN, already reviewed); the others go back
	 * with the comment. A request whose date has passed meanwhile goes back too. Returns
	 * how many went back.
	 */
	@Transactional
	public int approve(UUID planId, Collection<UUID> approvedRequestIds, String comment) {
		Plan plan = load(planId);
		Instant now = this.clock.instant();
		Actor head = new Actor(plan.supervisorId(), this.users.rolesOf(plan.supervisorId()).isEmpty()
				? Set.of(Role.SUPERVISOR) : this.users.rolesOf(plan.supervisorId()));
		int returned = 0;
		for (PlanRequest request : this.plans.requests(planId, Set.of(RequestStatus.SUBMITTED))) {
			boolean approved = approvedRequestIds == null || approvedRequestIds.contains(request.id());
			if (!approved) {
				this.plans.decide(request.id(), RequestStatus.RETURNED, comment, now);
				returned++;
			}
			else if (request.plannedStart().isBefore(now) || !this.visitAccess.mayAct(head, request.repId())) {
				this.plans.decide(request.id(), RequestStatus.RETURNED,
						this.messages.getMessage("plan.request.returned.past", null, RU), now);
				returned++;
			}
			else {
				Visit visit = this.visits.createReviewed(new NewVisit(request.companyId(), request.companyTitle(), null,
						request.repId(), request.visitType(), request.plannedStart().toString(), null,
						request.purpose(), request.region(), VisitOrigin.PLAN), head);
				this.plans.decide(request.id(), RequestStatus.APPROVED, null, now);
				this.plans.linkVisit(request.id(), visit.id());
			}
		}
		this.plans.recordReviewComment(planId, comment);
		this.plans.changeStatus(planId, (returned > 0) ? PlanStatus.FORMING : PlanStatus.ACTIVE);
		return returned;
	}

	/**
	 * Adds requests for the companies chosen in the Tasklist forming form, all on one day
	 * and of one type.
	 */
	@Transactional
	public int addFromForm(UUID planId, List<Long> companyIds, String day, String visitType, String userId) {
		Plan plan = load(planId);
		Actor actor = this.users.actor(userId);
		Map<Long, CoverageEntry> suggested = new HashMap<>();
		suggestions(plan).forEach((e) -> suggested.put(e.companyId(), e));
		int added = 0;
		for (Long companyId : companyIds) {
			CoverageEntry entry = suggested.get(companyId);
			String repId = (plan.scope() == PlanScope.REP) ? plan.repId() : (entry != null ? entry.repId() : null);
			addRequest(planId, new NewPlanRequest(companyId, (entry != null) ? entry.title() : null, repId, visitType,
					day, null, (entry != null) ? entry.region() : null), actor);
			added++;
		}
		return added;
	}

	/**
	 * The pace check: records what was done against the straight line and says whether
	 * the plan is behind.
	 */
	@Transactional
	public boolean checkPace(UUID planId) {
		Plan plan = load(planId);
		PlanProgress progress = progress(plan);
		boolean behind = progress.behind(this.properties.paceTolerance());
		this.plans.recordPace(planId, this.clock.instant(), progress.completed(), progress.expectedByNow(), behind);
		return behind;
	}

	@Transactional
	public void recordCatchUp(UUID planId, String note) {
		this.plans.recordCatchUp(planId, note);
	}

	@Transactional
	public void close(UUID planId) {
		Plan plan = load(planId);
		this.plans.close(planId, this.clock.instant(), progress(plan).completed());
	}

	/**
	 * When the pace check runs: the configured share of the period, counted in the
	 * supervisor's zone.
	 */
	public Instant paceCheckAt(Plan plan) {
		Duration length = Duration.between(plan.startsAt(), plan.endsAt());
		return plan.startsAt().plusSeconds((long) (length.getSeconds() * this.properties.paceCheckAt()));
	}

	/** Russian texts for the Tasklist forms and the Bitrix24 notification. */
	public String summary(Plan plan) {
		String who = switch (plan.scope()) {
			case REP -> this.users.displayName(plan.repId()).orElse(plan.repId());
			case TEAM -> this.messages.getMessage("plan.scope.TEAM", null, RU);
			case REGION -> plan.region();
		};
		return this.messages.getMessage("plan.summary",
				new Object[] { who, DAY.format(plan.periodStart()), DAY.format(plan.periodEnd()), plan.target() }, RU);
	}

	public String behindMessage(Plan plan) {
		return this.messages.getMessage("plan.behind.notification",
				new Object[] { summary(plan), (plan.paceDone() != null) ? plan.paceDone() : 0,
						(plan.paceExpected() != null) ? plan.paceExpected() : 0 },
				RU);
	}

	public String requestLabel(PlanRequest request) {
		String type = this.lifecycle.visitType(request.visitType())
			.map(LifecycleProperties.VisitType::name)
			.orElse(request.visitType());
		String company = (request.companyTitle() != null) ? request.companyTitle() : "#" + request.companyId();
		ZoneId zone = this.users.timeZoneOf(request.repId());
		return company + " · " + type + " · " + DAY.format(request.plannedStart().atZone(zone)) + " · "
				+ request.repId();
	}

	public String suggestionLabel(CoverageEntry entry) {
		String status = this.messages.getMessage("coverage.status." + entry.status().name(), null, RU);
		return ((entry.title() != null) ? entry.title() : "#" + entry.companyId()) + " · " + status
				+ ((entry.dueOn() != null) ? " " + DAY.format(entry.dueOn()) : "");
	}

	public List<PlanRequest> requests(UUID planId, Collection<RequestStatus> statuses) {
		return this.plans.requests(planId, statuses);
	}

	public Plan load(UUID id) {
		return this.plans.find(id).orElseThrow(() -> new NotFoundException("No plan " + id));
	}

	// ---- internals ----

	/** The reps a plan is about: its rep, or the supervisor's team. */
	public List<String> repsOf(Plan plan) {
		return (plan.scope() == PlanScope.REP) ? List.of(plan.repId()) : this.users.teamOf(plan.supervisorId());
	}

	private static double elapsedShare(Plan plan, Instant now) {
		if (!now.isAfter(plan.startsAt())) {
			return 0;
		}
		if (!now.isBefore(plan.endsAt())) {
			return 1;
		}
		return (double) Duration.between(plan.startsAt(), now).getSeconds()
				/ Duration.between(plan.startsAt(), plan.endsAt()).getSeconds();
	}

	private static void requireStatus(Plan plan, PlanStatus status) {
		if (plan.status() != status) {
			throw new ConflictException("The plan is " + plan.status() + ", not " + status);
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
