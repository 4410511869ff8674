package ru.visitflow.plan.process;

/**
 * Names in {@code bpmn/visit-plan.bpmn} that Java refers to; a test checks that each
 * exists in the model.
 */
public final class PlanModel {

	public static final String PROCESS_KEY = "VisitPlan";

	public static final String TASK_FORM_REQUESTS = "Task_FormRequests";

	public static final String TASK_PROPOSE_VISITS = "Task_ProposeVisits";

	public static final String TASK_REVIEW_REQUESTS = "Task_ReviewRequests";

	public static final String TASK_CATCH_UP = "Task_CatchUpPlan";

	public static final String TASK_NOTIFY_BEHIND = "Task_NotifyPlanBehind";

	public static final String TIMER_PACE_CHECK = "Timer_PaceCheck";

	public static final String TIMER_PERIOD_END = "Timer_PeriodEnd";

	/** Message that ends the plan's process from any waiting state (event subprocess). */
	public static final String MESSAGE_CANCEL = "VisitPlanCancellationRequested";

	public static final String TASK_CANCEL_PLAN = "Task_CancelPlan";

	public static final String SUBPROCESS_CANCELLED = "SubProcess_PlanCancelled";

	/** External-task topic: tells the head in Bitrix24 that the plan is behind. */
	public static final String TOPIC_PLAN_BEHIND = "bitrix24-plan-behind";

	// process variables
	public static final String PLAN_ID = "planId";

	public static final String SUPERVISOR_ID = "supervisorId";

	public static final String FORMER_ID = "formerId";

	public static final String FORMED_BY = "formedBy";

	public static final String PACE_CHECK_AT = "paceCheckAt";

	public static final String PERIOD_END_AT = "periodEndAt";

	public static final String DECISION = "decision";

	public static final String APPROVED_REQUEST_IDS = "approvedRequestIds";

	public static final String REVIEW_COMMENT = "reviewComment";

	public static final String RETURNED_COUNT = "returnedCount";

	public static final String BEHIND = "behind";

	public static final String CATCH_UP_NOTE = "catchUpNote";

	public static final String PLAN_SUMMARY = "planSummary";

	public static final String REQUEST_OPTIONS = "requestOptions";

	public static final String SUGGESTION_OPTIONS = "suggestionOptions";

	public static final String PROPOSED_COMPANY_IDS = "proposedCompanyIds";

	public static final String PROPOSED_DATE = "proposedDate";

	public static final String PROPOSED_TYPE = "proposedType";

	public static final String TYPE_OPTIONS = "typeOptions";

	public static final String CANCEL_REASON = "cancelReason";

	public static final String CANCELLED_BY = "cancelledBy";

	private PlanModel() {
	}

}
