package ru.visitflow.visit.process;

/**
 * Names in {@code bpmn/visit-lifecycle.bpmn} that Java refers to; a test checks that each
 * exists in the model.
 */
public final class LifecycleModel {

	public static final String PROCESS_KEY = "VisitLifecycle";

	public static final String TASK_REVIEW_VISIT_REQUEST = "Task_ReviewVisitRequest";

	public static final String TASK_REVISE_VISIT_REQUEST = "Task_ReviseVisitRequest";

	public static final String TASK_CONDUCT_VISIT = "Task_ConductVisit";

	public static final String TASK_RESOLVE_OVERDUE_VISIT = "Task_ResolveOverdueVisit";

	public static final String TIMER_IN_WORK_DUE = "Timer_InWorkDue";

	public static final String TIMER_REPEAT_VISIT_DUE = "Timer_RepeatVisitDue";

	public static final String TIMER_VISIT_OVERDUE = "Timer_VisitOverdue";

	public static final String TIMER_OVERDUE_EXPIRED = "Timer_OverdueExpired";

	public static final String TASK_SYNC_VISIT_ITEM = "Task_SyncVisitItem";

	public static final String TASK_SYNC_CALENDAR_EVENT = "Task_SyncCalendarEvent";

	public static final String MESSAGE_RESCHEDULE_REQUESTED = "VisitRescheduleRequested";

	public static final String MESSAGE_CANCELLATION_REQUESTED = "VisitCancellationRequested";

	/**
	 * External-task topics: each reads {@value #VISIT_ID} and syncs the visit's current
	 * state.
	 */
	public static final String TOPIC_VISIT_ITEM = "bitrix24-visit-item";

	public static final String TOPIC_CALENDAR_EVENT = "bitrix24-calendar-event";

	// process variables
	public static final String VISIT_ID = "visitId";

	public static final String REP_ID = "repId";

	public static final String REVIEW_STATUS = "reviewStatus";

	public static final String REVIEW_COMMENT = "reviewComment";

	public static final String OUTCOME = "outcome";

	public static final String RESULT_NOTES = "resultNotes";

	public static final String NEXT_VISIT_START = "nextVisitStart";

	public static final String NEXT_VISIT_TYPE = "nextVisitType";

	public static final String NEXT_VISIT_PURPOSE = "nextVisitPurpose";

	public static final String NEW_PLANNED_START = "newPlannedStart";

	public static final String CANCEL_REASON = "cancelReason";

	public static final String OVERDUE_RESOLUTION = "overdueResolution";

	public static final String VISIT_SUMMARY = "visitSummary";

	public static final String VISIT_PURPOSE = "visitPurpose";

	/** Set by "plan stage timers" for the model's timers and gateways. */
	public static final String PLANNED_START = "plannedStart";

	public static final String IN_WORK_AT = "inWorkAt";

	public static final String REPEAT_IN_WORK_AT = "repeatInWorkAt";

	public static final String OVERDUE_AT = "overdueAt";

	public static final String OVERDUE_RETENTION_TIME = "overdueRetentionTime";

	public static final String ENTRY_STAGE = "entryStage";

	// input parameters of activities
	public static final String INPUT_STAGE = "stage";

	public static final String INPUT_NOTE = "note";

	public static final String INPUT_IN_WORK_LEAD_TIME = "inWorkLeadTime";

	public static final String INPUT_REPEAT_VISIT_LEAD_TIME = "repeatVisitLeadTime";

	public static final String INPUT_OVERDUE_GRACE_PERIOD = "overdueGracePeriod";

	public static final String INPUT_OVERDUE_RETENTION = "overdueRetention";

	/** Values of {@value #REVIEW_STATUS}. */
	public static final String REVIEW_PENDING = "PENDING";

	public static final String REVIEW_NOT_REQUIRED = "NOT_REQUIRED";

	public static final String OVERDUE_COMPLETE_LATE = "COMPLETE_LATE";

	private LifecycleModel() {
	}

}
