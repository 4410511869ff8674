package ru.visitflow.visit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

import ru.visitflow.system.ConflictException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitStage;

/**
 * Every path through {@code bpmn/visit-lifecycle.bpmn}, one test each, on the real
 * application: timers are driven by the engine clock, and after each step the read model
 * must agree with the engine.
 */
class VisitLifecycleProcessTests extends LifecycleTestSupport {

	private static Instant moscow(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atZone(MOSCOW).toInstant();
	}

	private static VisitResult result(String nextVisitStart) {
		return new VisitResult(VisitOutcome.ORDER_PLACED, "Заказ оформлен",
				(nextVisitStart != null) ? moscow(nextVisitStart) : null);
	}

	@Test
	void draftMovesToInWorkAtTheStartOfTheDayAWeekBeforeAndIsCompleted() {
		Visit visit = plan(REP1, "2026-12-20T11:00");
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TIMER_IN_WORK_DUE);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);
		assertReadModelAgreesWithEngine(visit);
		assertThat(timer(visit, LifecycleModel.TIMER_IN_WORK_DUE).getDuedate())
			.isEqualTo(Date.from(moscow("2026-12-13T00:00")));

		moveClockTo(moscow("2026-12-12T23:59"), visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);

		moveClockTo(moscow("2026-12-13T00:00"), visit);
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_CONDUCT_VISIT);
		assertReadModelAgreesWithEngine(visit);
		Task conduct = task(visit);
		assertThat(conduct.getAssignee()).isEqualTo("rep1");
		assertThat(conduct.getDueDate()).isEqualTo(Date.from(moscow("2026-12-20T11:00")));

		moveClockTo(moscow("2026-12-20T12:30"), visit);
		this.visits.complete(visit.id(), result(null), REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(reload(visit).outcome()).isEqualTo(VisitOutcome.ORDER_PLACED);
		assertThat(reload(visit).closedAt()).isEqualTo(moscow("2026-12-20T12:30"));
		assertReadModelAgreesWithEngine(visit);
		assertThat(stageHistory(visit)).containsExactly("DRAFT", "IN_WORK", "COMPLETED");

		completeSyncTasks(visit);
		assertThat(instance(visit)).isNull();
	}

	@Test
	void visitPlannedInsideTheInWorkLeadTimeGoesStraightToInWork() {
		Visit visit = plan(REP1, "2026-12-05T10:00");
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_CONDUCT_VISIT);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void agreedNextVisitStartsARepeatVisitThatGoesToInWorkThreeDaysBefore() {
		Visit visit = plan(REP1, "2026-12-02T10:00");
		moveClockTo(moscow("2026-12-02T11:30"), visit);
		this.visits.complete(visit.id(), result("2026-12-20T10:00"), REP1);

		Visit repeat = repeatVisitOf(visit);
		assertThat(repeat.origin()).isEqualTo(VisitOrigin.REPEAT);
		assertThat(repeat.stage()).isEqualTo(VisitStage.REPEAT_VISIT);
		assertThat(repeat.repId()).isEqualTo("rep1");
		assertThat(repeat.plannedStart()).isEqualTo(moscow("2026-12-20T10:00"));
		assertThat(instance(repeat)).isWaitingAt(LifecycleModel.TIMER_REPEAT_VISIT_DUE);
		assertReadModelAgreesWithEngine(repeat);
		assertThat(timer(repeat, LifecycleModel.TIMER_REPEAT_VISIT_DUE).getDuedate())
			.isEqualTo(Date.from(moscow("2026-12-17T00:00")));

		moveClockTo(moscow("2026-12-17T00:00"), repeat);
		assertThat(instance(repeat)).isWaitingAt(LifecycleModel.TASK_CONDUCT_VISIT);
		assertReadModelAgreesWithEngine(repeat);
		assertThat(stageHistory(repeat)).containsExactly("REPEAT_VISIT", "IN_WORK");
	}

	@Test
	void repeatVisitAgreedForTheNextDaysGoesStraightToInWork() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		this.visits.complete(visit.id(), result("2026-12-03T10:00"), REP1);
		Visit repeat = repeatVisitOf(visit);
		assertThat(repeat.stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(instance(repeat)).isWaitingAt(LifecycleModel.TASK_CONDUCT_VISIT);
		assertReadModelAgreesWithEngine(repeat);
	}

	@Test
	void visitBecomesOverdueAtTheEndOfThePlannedDayInTheRepsTimeZone() {
		// rep2 works in Yekaterinburg (UTC+5): the day ends two hours before it does in
		// Moscow
		Visit visit = plan(REP2, "2026-12-02T15:00");
		assertThat(reload(visit).timeZone()).isEqualTo(YEKATERINBURG);
		Instant endOfDay = Instant.parse("2026-12-02T19:00:00Z");
		assertThat(timer(visit, LifecycleModel.TIMER_VISIT_OVERDUE).getDuedate()).isEqualTo(Date.from(endOfDay));

		moveClockTo(endOfDay.minusSeconds(60), visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);

		moveClockTo(endOfDay, visit);
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_RESOLVE_OVERDUE_VISIT);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.OVERDUE);
		assertThat(task(visit).getAssignee()).isEqualTo("rep2");
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void overdueVisitFailsAfterTheRetentionDays() {
		Visit visit = plan(REP1, "2026-12-02T10:00");
		Instant overdueAt = moscow("2026-12-03T00:00");
		moveClockTo(overdueAt, visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.OVERDUE);

		moveClockTo(overdueAt.plusSeconds(3 * 86400 - 60), visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.OVERDUE);

		moveClockTo(overdueAt.plusSeconds(3 * 86400), visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.FAILED);
		assertReadModelAgreesWithEngine(visit);
		assertThat(stageHistory(visit)).containsExactly("DRAFT", "IN_WORK", "OVERDUE", "FAILED");
		completeSyncTasks(visit);
		assertThat(instance(visit)).isNull();
	}

	@Test
	void overdueVisitIsCompletedLate() {
		Visit visit = plan(REP1, "2026-12-02T10:00");
		moveClockTo(moscow("2026-12-03T09:00"), visit);
		this.visits.complete(visit.id(), result(null), REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(stageHistory(visit)).containsExactly("DRAFT", "IN_WORK", "OVERDUE", "COMPLETED");
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void overdueVisitRescheduledInTasklistFarAheadGoesBackToDraft() {
		Visit visit = plan(REP1, "2026-12-02T10:00");
		moveClockTo(moscow("2026-12-03T09:00"), visit);
		this.taskService.complete(task(visit).getId(),
				Map.of("overdueResolution", "RESCHEDULE", "newPlannedStart", "2026-12-28T10:00+03:00"));
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);
		assertThat(reload(visit).plannedStart()).isEqualTo(moscow("2026-12-28T10:00"));
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TIMER_IN_WORK_DUE);
		assertThat(timer(visit, LifecycleModel.TIMER_IN_WORK_DUE).getDuedate())
			.isEqualTo(Date.from(moscow("2026-12-21T00:00")));
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void overdueVisitRescheduledInTasklistToANearDateGoesBackToInWork() {
		Visit visit = plan(REP1, "2026-12-02T10:00");
		moveClockTo(moscow("2026-12-03T09:00"), visit);
		this.taskService.complete(task(visit).getId(),
				Map.of("overdueResolution", "RESCHEDULE", "newPlannedStart", "2026-12-04T16:00"));
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_CONDUCT_VISIT);
		assertThat(timer(visit, LifecycleModel.TIMER_VISIT_OVERDUE).getDuedate())
			.isEqualTo(Date.from(moscow("2026-12-05T00:00")));
		assertThat(stageHistory(visit)).containsExactly("DRAFT", "IN_WORK", "OVERDUE", "IN_WORK");
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void overdueVisitCancelledInTasklistKeepsTheReason() {
		Visit visit = plan(REP1, "2026-12-02T10:00");
		moveClockTo(moscow("2026-12-03T09:00"), visit);
		this.taskService.complete(task(visit).getId(),
				Map.of("overdueResolution", "CANCEL", "cancelReason", "Магазин закрыт на ремонт"));
		Visit cancelled = reload(visit);
		assertThat(cancelled.stage()).isEqualTo(VisitStage.CANCELLED);
		assertThat(cancelled.cancelReason()).isEqualTo("Магазин закрыт на ремонт");
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void rescheduleInDraftRecomputesTheTimers() {
		Visit visit = plan(REP1, "2026-12-20T11:00");
		this.visits.reschedule(visit.id(), "2027-01-15T11:00", REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);
		assertThat(this.managementService.createJobQuery().processInstanceId(pid(visit)).count()).isEqualTo(1);
		assertThat(timer(visit, LifecycleModel.TIMER_IN_WORK_DUE).getDuedate())
			.isEqualTo(Date.from(moscow("2027-01-08T00:00")));
		moveClockTo(moscow("2026-12-13T00:00"), visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void rescheduleInWorkToALaterDateGoesBackToDraft() {
		Visit visit = plan(REP1, "2026-12-03T10:00");
		this.visits.reschedule(visit.id(), "2026-12-30T10:00", REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TIMER_IN_WORK_DUE);
		assertThat(this.taskService.createTaskQuery().processInstanceBusinessKey(visit.id().toString()).count())
			.isZero();
		assertThat(stageHistory(visit)).containsExactly("DRAFT", "IN_WORK", "DRAFT");
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void rescheduleOfARepeatVisitKeepsItInRepeatVisits() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		this.visits.complete(visit.id(), result("2026-12-15T10:00"), REP1);
		Visit repeat = repeatVisitOf(visit);
		this.visits.reschedule(repeat.id(), "2026-12-22T10:00", REP1);
		assertThat(reload(repeat).stage()).isEqualTo(VisitStage.REPEAT_VISIT);
		assertThat(timer(repeat, LifecycleModel.TIMER_REPEAT_VISIT_DUE).getDuedate())
			.isEqualTo(Date.from(moscow("2026-12-19T00:00")));
		assertReadModelAgreesWithEngine(repeat);
	}

	@Test
	void cancelInDraftDropsTheTimers() {
		Visit visit = plan(REP1, "2026-12-20T11:00");
		this.visits.cancel(visit.id(), "Клиент отказался", REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.CANCELLED);
		assertThat(reload(visit).cancelReason()).isEqualTo("Клиент отказался");
		assertThat(this.managementService.createJobQuery().processInstanceId(pid(visit)).count()).isZero();
		assertReadModelAgreesWithEngine(visit);
		completeSyncTasks(visit);
		assertThat(instance(visit)).isNull();
	}

	@Test
	void cancelInWork() {
		Visit visit = plan(REP1, "2026-12-03T10:00");
		this.visits.cancel(visit.id(), "Дубль", REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.CANCELLED);
		assertThat(stageHistory(visit)).containsExactly("DRAFT", "IN_WORK", "CANCELLED");
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void cancelInOverdueThroughTheApi() {
		Visit visit = plan(REP1, "2026-12-02T10:00");
		moveClockTo(moscow("2026-12-03T09:00"), visit);
		this.visits.cancel(visit.id(), "Не актуально", REP1);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.CANCELLED);
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void planRequestIsReviewedAndApprovedBeforeItGoesToWork() {
		Visit visit = plan(HEAD, "rep1", "2026-12-20T11:00", VisitOrigin.PLAN);
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_REVIEW_VISIT_REQUEST);
		assertThat(this.taskService.getIdentityLinksForTask(task(visit).getId()))
			.anySatisfy((link) -> assertThat(link.getGroupId()).isEqualTo("supervisors-of-rep1"));
		assertThat(task(visit)).as("waits in the rep's own supervisor's list, no claim needed").isAssignedTo("head1");
		assertReadModelAgreesWithEngine(visit);
		assertThat(pendingSyncTasks(visit)).as("nothing reaches Bitrix24 before the request is approved").isZero();

		this.taskService.complete(task(visit).getId(),
				Map.of("reviewStatus", "APPROVED", "reviewComment", "Согласовано"));
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TIMER_IN_WORK_DUE);
		assertThat(reload(visit).reviewComment()).isEqualTo("Согласовано");
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void planRequestSentBackIsRevisedWithANewDateAndReviewedAgain() {
		Visit visit = plan(HEAD, "rep1", "2026-12-20T11:00", VisitOrigin.PLAN);
		this.taskService.complete(task(visit).getId(),
				Map.of("reviewStatus", "SENT_BACK", "reviewComment", "Перенесите на эту неделю"));
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_REVISE_VISIT_REQUEST);
		assertThat(task(visit).getAssignee()).isEqualTo("rep1");
		assertReadModelAgreesWithEngine(visit);

		this.taskService.complete(task(visit).getId(), Map.of("newPlannedStart", "2026-12-04T10:00+03:00"));
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_REVIEW_VISIT_REQUEST);
		assertThat(reload(visit).plannedStart()).isEqualTo(moscow("2026-12-04T10:00"));

		this.taskService.complete(task(visit).getId(), Map.of("reviewStatus", "APPROVED"));
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_CONDUCT_VISIT);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void conductVisitCompletedInTasklistWithFormValues() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		// as form-js 1.8 submits them: strings, the date-time with the browser's offset
		this.taskService.complete(task(visit).getId(), Map.of("outcome", "AGREEMENT_REACHED", "resultNotes",
				"Договорились о пробной поставке", "nextVisitStart", "2026-12-10T11:00+03:00"));
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(reload(visit).resultNotes()).isEqualTo("Договорились о пробной поставке");
		assertThat(repeatVisitOf(visit).plannedStart()).isEqualTo(moscow("2026-12-10T11:00"));
	}

	@Test
	void conductVisitFormWithoutAnOutcomeIsRefusedAndChangesNothing() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		String taskId = task(visit).getId();
		assertThatThrownBy(() -> this.taskService.complete(taskId, Map.of("resultNotes", "забыл результат")))
			.isInstanceOf(InvalidInputException.class);
		assertThat(instance(visit)).isWaitingAt(LifecycleModel.TASK_CONDUCT_VISIT);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
	}

	@Test
	void unplannedVisitWithAResultIsCompletedAtOnce() {
		Visit visit = this.visits.registerUnplanned(
				new NewVisit(77L, "Киоск у метро", null, null, "merchandising", null, null, null, null, null),
				result(null), REP1);
		assertThat(visit.stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(visit.origin()).isEqualTo(VisitOrigin.UNPLANNED);
		assertThat(visit.plannedStart()).isEqualTo(START);
		assertReadModelAgreesWithEngine(visit);
	}

	@Test
	void bitrix24SyncNeverHoldsUpTheLifecycle() {
		Visit visit = plan(REP1, "2026-12-20T11:00");
		// no worker runs: Bitrix24 is down. The visit still moves through its stages on
		// time.
		moveClockTo(moscow("2026-12-13T00:00"), visit);
		moveClockTo(moscow("2026-12-21T00:00"), visit);
		moveClockTo(moscow("2026-12-24T00:00"), visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.FAILED);
		// each change (Draft, In work, Overdue, Failed) asked for the item and the
		// calendar event
		assertThat(pendingSyncTasks(visit)).isEqualTo(8);
		assertThat(this.externalTaskService.createExternalTaskQuery()
			.processInstanceId(reload(visit).processInstanceId())
			.topicName(LifecycleModel.TOPIC_VISIT_ITEM)
			.count()).isEqualTo(4);
		assertThat(instance(visit)).isNotNull();

		assertThat(completeSyncTasks(visit)).isEqualTo(8);
		assertThat(instance(visit)).isNull();
	}

	@Test
	void syncTasksCarryTheVisitIdForTheWorkers() {
		Visit visit = plan(REP1, "2026-12-20T11:00");
		var tasks = this.externalTaskService.fetchAndLock(10, "test-worker")
			.topic(LifecycleModel.TOPIC_CALENDAR_EVENT, 60_000)
			.variables(LifecycleModel.VISIT_ID)
			.businessKey(visit.id().toString())
			.execute();
		assertThat(tasks).hasSize(1);
		assertThat(tasks.get(0).getVariables()).containsEntry(LifecycleModel.VISIT_ID, visit.id().toString());
	}

	@Test
	void resultBeforeTheVisitIsInWorkIsAConflict() {
		Visit visit = plan(REP1, "2026-12-20T11:00");
		assertThatThrownBy(() -> this.visits.complete(visit.id(), result(null), REP1))
			.isInstanceOf(ConflictException.class);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);
	}

	@Test
	void closedVisitCannotBeRescheduledOrCancelled() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		this.visits.complete(visit.id(), result(null), REP1);
		assertThatThrownBy(() -> this.visits.reschedule(visit.id(), "2026-12-10T10:00", REP1))
			.isInstanceOf(ConflictException.class);
		assertThatThrownBy(() -> this.visits.cancel(visit.id(), "поздно", REP1)).isInstanceOf(ConflictException.class);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.COMPLETED);
	}

}
