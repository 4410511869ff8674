package ru.visitflow.plan.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.plan.Plan;
import ru.visitflow.plan.PlanFormer;
import ru.visitflow.plan.PlanRequest;
import ru.visitflow.plan.PlanStatus;
import ru.visitflow.plan.PlanTestSupport;
import ru.visitflow.plan.RequestStatus;
import ru.visitflow.plan.ReviewDecision;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleModel;

/**
 * Every path through {@code bpmn/visit-plan.bpmn}: formed by the head, by the rep in
 * Tasklist, partial approval, sent back, pace timer behind and on track. Timers run by
 * the engine clock; the read model must agree.
 */
class VisitPlanProcessTests extends PlanTestSupport {

	@Autowired
	private HistoryService historyService;

	@Test
	void formedByTheHeadAndApprovedWholeBecomesReviewedPlanVisitsInDraft() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 10, PlanFormer.HEAD);
		assertThat(plan.periodStart()).hasToString("2026-12-01");
		assertThat(plan.periodEnd()).hasToString("2026-12-31");
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_FORM_REQUESTS);
		assertThat(task(plan).getAssignee()).isEqualTo("head1");

		PlanRequest first = propose(plan, "2026-12-20T11:00", HEAD);
		PlanRequest second = propose(plan, "2026-12-22T11:00", HEAD);
		this.plans.submit(plan.id(), HEAD);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_REVIEW_REQUESTS);
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.IN_REVIEW);
		assertThat(requests(plan)).extracting(PlanRequest::status).containsOnly(RequestStatus.SUBMITTED);
		// one control step for the whole set
		assertThat(this.taskService.createTaskQuery().processInstanceBusinessKey(plan.id().toString()).count()).isOne();

		this.plans.review(plan.id(), ReviewDecision.APPROVE_ALL, null, null, HEAD);
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.ACTIVE);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TIMER_PACE_CHECK);
		assertThat(planTimer(plan, PlanModel.TIMER_PACE_CHECK).getDuedate())
			.isEqualTo(Date.from(moscow("2026-12-16T12:00")));
		for (PlanRequest request : List.of(first, second)) {
			PlanRequest decided = request(plan, request.id());
			assertThat(decided.status()).isEqualTo(RequestStatus.APPROVED);
			Visit visit = this.visits.load(decided.visitId());
			assertThat(visit.origin()).isEqualTo(VisitOrigin.PLAN);
			assertThat(visit.stage()).isEqualTo(VisitStage.DRAFT);
			assertThat(visit.repId()).isEqualTo(rep.userId());
			// already reviewed: the visit's own lifecycle waits for its in-work date, not
			// for a review
			assertThat(this.runtimeService.getActiveActivityIds(visit.processInstanceId()))
				.contains(LifecycleModel.TIMER_IN_WORK_DUE)
				.doesNotContain(LifecycleModel.TASK_REVIEW_VISIT_REQUEST);
		}
		assertThat(this.plans.progress(reload(plan)).planned()).isEqualTo(2);
	}

	@Test
	void handedToTheRepWhoProposesVisitsInTasklistFromTheSuggestions() {
		Actor rep = newRep();
		long never = company("Аптека «Новая»", bitrix24Id(rep));
		long other = company("Магазин «Угол»", bitrix24Id(rep));
		company("Чужая компания", 3L);
		Plan plan = planFor(rep.userId(), 5, PlanFormer.REP);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_PROPOSE_VISITS);
		Task propose = task(plan);
		assertThat(propose.getAssignee()).isEqualTo(rep.userId());
		String options = this.taskService.getVariable(propose.getId(), PlanModel.SUGGESTION_OPTIONS).toString();
		assertThat(options).contains("Аптека «Новая»").contains("Магазин «Угол»").doesNotContain("Чужая компания");

		// Tasklist submits a checklist as a Json array
		this.taskService.complete(propose.getId(),
				Map.of(PlanModel.PROPOSED_COMPANY_IDS, "[\"" + never + "\", \"" + other + "\"]",
						PlanModel.PROPOSED_DATE, "2026-12-10", PlanModel.PROPOSED_TYPE, "merchandising"));
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_REVIEW_REQUESTS);
		List<PlanRequest> requests = requests(plan);
		assertThat(requests).extracting(PlanRequest::companyId).containsExactlyInAnyOrder(never, other);
		assertThat(requests).extracting(PlanRequest::createdBy).containsOnly(rep.userId());
		assertThat(requests).extracting(PlanRequest::visitType).containsOnly("merchandising");
		assertThat(requests.get(0).plannedStart()).isEqualTo(moscow("2026-12-10T10:00"));
		assertThat(this.taskService.getVariable(task(plan).getId(), PlanModel.REQUEST_OPTIONS).toString())
			.contains("Аптека «Новая»");
	}

	@Test
	void aFormingTaskCompletedWithNothingProposedIsRefused() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 5, PlanFormer.REP);
		assertThatThrownBy(() -> this.taskService.complete(task(plan).getId()))
			.hasMessageContaining("add at least one visit request");
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_PROPOSE_VISITS);
	}

	@Test
	void partialApprovalMakesVisitsOfSomeAndReturnsTheRestWithTheComment() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 10, PlanFormer.REP);
		PlanRequest keep = propose(plan, "2026-12-20T11:00", rep);
		PlanRequest redo = propose(plan, "2026-12-21T11:00", rep);
		this.plans.submit(plan.id(), rep);

		this.plans.review(plan.id(), ReviewDecision.APPROVE_SOME, List.of(keep.id()), "Перенесите на другой день",
				HEAD);
		assertThat(request(plan, keep.id()).status()).isEqualTo(RequestStatus.APPROVED);
		assertThat(request(plan, keep.id()).visitId()).isNotNull();
		assertThat(request(plan, redo.id()).status()).isEqualTo(RequestStatus.RETURNED);
		assertThat(request(plan, redo.id()).reviewComment()).isEqualTo("Перенесите на другой день");
		assertThat(request(plan, redo.id()).visitId()).isNull();
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_PROPOSE_VISITS);
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.FORMING);
		assertThat(this.taskService.getVariable(task(plan).getId(), PlanModel.REVIEW_COMMENT))
			.isEqualTo("Перенесите на другой день");

		// the rest, reworked, is reviewed again; approved requests are not created twice
		this.plans.withdrawRequest(plan.id(), redo.id(), rep);
		propose(plan, "2026-12-23T11:00", rep);
		this.plans.submit(plan.id(), rep);
		assertThat(this.taskService.getVariable(task(plan).getId(), PlanModel.REQUEST_OPTIONS).toString())
			.doesNotContain(keep.id().toString());
		this.plans.review(plan.id(), ReviewDecision.APPROVE_ALL, null, null, HEAD);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TIMER_PACE_CHECK);
		assertThat(requests(plan)).extracting(PlanRequest::status)
			.containsExactlyInAnyOrder(RequestStatus.APPROVED, RequestStatus.WITHDRAWN, RequestStatus.APPROVED);
		assertThat(this.jdbc.sql("select count(*) from visit_plan_request where plan_id = ? and visit_id is not null")
			.param(plan.id())
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void cancelledWhileTheRepFormsEndsTheProcessAndDropsTheRequests() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 5, PlanFormer.REP);
		propose(plan, "2026-12-20T11:00", rep);
		propose(plan, "2026-12-21T11:00", rep);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_PROPOSE_VISITS);
		String instanceId = reload(plan).processInstanceId();

		assertThatThrownBy(() -> this.plans.cancel(plan.id(), "Нет", rep)).isInstanceOf(ForbiddenException.class);
		assertThatThrownBy(() -> this.plans.cancel(plan.id(), "Нет", new Actor("head9", Set.of(Role.SUPERVISOR))))
			.isInstanceOf(ForbiddenException.class);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_PROPOSE_VISITS);

		Plan cancelled = this.plans.cancel(plan.id(), " Отпуск до конца месяца ", HEAD);
		assertThat(cancelled.status()).isEqualTo(PlanStatus.CANCELLED);
		assertThat(cancelled.closedAt()).isNotNull();
		assertThat(instance(plan)).isNull();
		assertThat(this.historyService.createHistoricActivityInstanceQuery()
			.processInstanceId(instanceId)
			.activityId(PlanModel.TASK_CANCEL_PLAN)
			.count()).isOne();
		assertThat(this.taskService.createTaskQuery().processInstanceId(instanceId).count()).isZero();
		assertThat(requests(plan)).extracting(PlanRequest::status).containsOnly(RequestStatus.DROPPED);
		assertThat(this.plans.cancellation(plan.id())).hasValueSatisfying((c) -> {
			assertThat(c.cancelledBy()).isEqualTo("head1");
			assertThat(c.reason()).isEqualTo("Отпуск до конца месяца");
		});
		assertThatThrownBy(() -> this.plans.cancel(plan.id(), null, HEAD)).isInstanceOf(ConflictException.class);
	}

	@Test
	void cancelledAfterAPartialApprovalKeepsTheVisitsAndDropsTheRest() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 10, PlanFormer.REP);
		PlanRequest keep = propose(plan, "2026-12-20T11:00", rep);
		PlanRequest redo = propose(plan, "2026-12-21T11:00", rep);
		this.plans.submit(plan.id(), rep);
		this.plans.review(plan.id(), ReviewDecision.APPROVE_SOME, List.of(keep.id()), "Другой день", HEAD);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_PROPOSE_VISITS);
		UUID visitId = request(plan, keep.id()).visitId();

		this.plans.cancel(plan.id(), null, HEAD);
		assertThat(instance(plan)).isNull();
		assertThat(request(plan, keep.id()).status()).isEqualTo(RequestStatus.APPROVED);
		assertThat(request(plan, redo.id()).status()).isEqualTo(RequestStatus.DROPPED);
		Visit visit = this.visits.load(visitId);
		assertThat(visit.stage()).isEqualTo(VisitStage.DRAFT);
		// the visit keeps its own lifecycle
		assertThat(this.runtimeService.getActiveActivityIds(visit.processInstanceId()))
			.contains(LifecycleModel.TIMER_IN_WORK_DUE);
		assertThat(this.plans.cancellation(plan.id())).hasValueSatisfying((c) -> assertThat(c.reason()).isNull());
	}

	@Test
	void cancelledWhileBehindEndsTheCatchUpTaskTheNotificationAndTheTimers() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 10, PlanFormer.HEAD);
		propose(plan, "2026-12-28T11:00", HEAD);
		this.plans.submit(plan.id(), HEAD);
		this.plans.review(plan.id(), ReviewDecision.APPROVE_ALL, null, null, HEAD);
		moveClockTo(moscow("2026-12-16T12:00"), plan);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_CATCH_UP, PlanModel.TASK_NOTIFY_BEHIND);
		String instanceId = reload(plan).processInstanceId();

		this.plans.cancel(plan.id(), "Сменился руководитель", HEAD);
		assertThat(instance(plan)).isNull();
		assertThat(this.taskService.createTaskQuery().processInstanceId(instanceId).count()).isZero();
		assertThat(this.externalTaskService.createExternalTaskQuery().processInstanceId(instanceId).count()).isZero();
		assertThat(this.managementService.createJobQuery().processInstanceId(instanceId).count()).isZero();
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.CANCELLED);
		assertThat(requests(plan)).extracting(PlanRequest::status).containsOnly(RequestStatus.APPROVED);

		// the period's end no longer closes it
		ClockUtil.setCurrentTime(Date.from(moscow("2027-01-01T00:00")));
		assertThat(this.managementService.createJobQuery().processInstanceId(instanceId).executable().count()).isZero();
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.CANCELLED);
		assertThat(reload(plan).finalDone()).isNull();
	}

	@Test
	void cancelledWhileWaitingForThePeriodsEnd() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 1, PlanFormer.HEAD);
		propose(plan, "2026-12-03T10:00", HEAD);
		this.plans.submit(plan.id(), HEAD);
		this.plans.review(plan.id(), ReviewDecision.APPROVE_ALL, null, null, HEAD);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TIMER_PACE_CHECK);
		this.plans.cancel(plan.id(), "Дубликат", HEAD);
		assertThat(instance(plan)).isNull();
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.CANCELLED);
	}

	@Test
	void sentBackReturnsTheWholeSetToTheRepWithTheComment() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 10, PlanFormer.REP);
		propose(plan, "2026-12-20T11:00", rep);
		propose(plan, "2026-12-21T11:00", rep);
		this.plans.submit(plan.id(), rep);
		long visitsBefore = this.jdbc.sql("select count(*) from visit").query(Long.class).single();

		assertThatThrownBy(() -> this.plans.review(plan.id(), ReviewDecision.SEND_BACK, null, " ", HEAD))
			.isInstanceOf(InvalidInputException.class);
		this.plans.review(plan.id(), ReviewDecision.SEND_BACK, null, "Мало новых клиентов", HEAD);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_PROPOSE_VISITS);
		assertThat(task(plan).getAssignee()).isEqualTo(rep.userId());
		assertThat(requests(plan)).extracting(PlanRequest::status).containsOnly(RequestStatus.RETURNED);
		assertThat(requests(plan)).extracting(PlanRequest::reviewComment).containsOnly("Мало новых клиентов");
		assertThat(reload(plan).reviewComment()).isEqualTo("Мало новых клиентов");
		assertThat(this.jdbc.sql("select count(*) from visit").query(Long.class).single()).isEqualTo(visitsBefore);

		this.plans.submit(plan.id(), rep);
		assertThat(requests(plan)).extracting(PlanRequest::status).containsOnly(RequestStatus.SUBMITTED);
	}

	@Test
	void paceTimerFindsThePlanBehindAndGivesTheHeadATaskAndABitrix24Notification() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 10, PlanFormer.HEAD);
		propose(plan, "2026-12-28T11:00", HEAD);
		this.plans.submit(plan.id(), HEAD);
		this.plans.review(plan.id(), ReviewDecision.APPROVE_ALL, null, null, HEAD);

		moveClockTo(moscow("2026-12-16T11:59"), plan);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TIMER_PACE_CHECK);
		moveClockTo(moscow("2026-12-16T12:00"), plan);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TASK_CATCH_UP, PlanModel.TASK_NOTIFY_BEHIND);
		Plan checked = reload(plan);
		assertThat(checked.paceBehind()).isTrue();
		assertThat(checked.paceDone()).isZero();
		assertThat(checked.paceExpected()).isEqualTo(5);
		assertThat(this.taskService.createTaskQuery()
			.processInstanceBusinessKey(plan.id().toString())
			.taskDefinitionKey(PlanModel.TASK_CATCH_UP)
			.singleResult()
			.getAssignee()).isEqualTo("head1");
		assertThat(this.plans.behindMessage(checked)).contains("0").contains("5");

		List<LockedExternalTask> notifications = this.externalTaskService.fetchAndLock(10, "test-worker")
			.topic(PlanModel.TOPIC_PLAN_BEHIND, 60_000)
			.execute();
		assertThat(notifications).hasSize(1);
		this.externalTaskService.complete(notifications.get(0).getId(), "test-worker");
		this.plans.catchUp(plan.id(), "Добавим визиты во второй половине месяца", HEAD);
		assertThat(reload(plan).catchUpNote()).isEqualTo("Добавим визиты во второй половине месяца");
		assertThat(instance(plan)).isWaitingAt(PlanModel.TIMER_PERIOD_END);

		moveClockTo(moscow("2027-01-01T00:00"), plan);
		assertThat(instance(plan)).isNull();
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.CLOSED);
		assertThat(reload(plan).finalDone()).isZero();
	}

	@Test
	void paceTimerFindsThePlanOnTrackAndTheRunsToThePeriodsEnd() {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 2, PlanFormer.HEAD);
		PlanRequest first = propose(plan, "2026-12-03T10:00", HEAD);
		PlanRequest second = propose(plan, "2026-12-04T10:00", HEAD);
		this.plans.submit(plan.id(), HEAD);
		this.plans.review(plan.id(), ReviewDecision.APPROVE_ALL, null, null, HEAD);
		for (PlanRequest request : List.of(first, second)) {
			Visit visit = this.visits.load(request(plan, request.id()).visitId());
			assertThat(visit.stage()).isEqualTo(VisitStage.IN_WORK);
			this.visits.complete(visit.id(), new VisitResult(VisitOutcome.ORDER_PLACED, "Заказ", null), rep);
		}
		assertThat(this.plans.progress(reload(plan)).completed()).isEqualTo(2);

		moveClockTo(moscow("2026-12-16T12:00"), plan);
		assertThat(instance(plan)).isWaitingAt(PlanModel.TIMER_PERIOD_END);
		assertThat(reload(plan).paceBehind()).isFalse();
		assertThat(reload(plan).paceDone()).isEqualTo(2);
		assertThat(this.externalTaskService.createExternalTaskQuery()
			.topicName(PlanModel.TOPIC_PLAN_BEHIND)
			.processInstanceId(reload(plan).processInstanceId())
			.count()).isZero();

		moveClockTo(moscow("2027-01-01T00:00"), plan);
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.CLOSED);
		assertThat(reload(plan).finalDone()).isEqualTo(2);
		assertThat(Set.of(reload(plan).closedAt())).containsExactly(moscow("2027-01-01T00:00"));
	}

}
