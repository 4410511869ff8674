package ru.visitflow.visit.process;

import java.time.Duration;
import java.time.Period;
import java.util.Date;
import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.StageSchedule;
import ru.visitflow.visit.StageTimers;
import ru.visitflow.visit.VisitService;

/**
 * "Plan stage timers": reads the lead times from its input parameters and sets, on the
 * process instance, plannedStart, inWorkAt, repeatInWorkAt, overdueAt (dates for the
 * timers), overdueRetentionTime and entryStage.
 */
@Component("planStageTimers")
class PlanStageTimersDelegate implements JavaDelegate {

	private final VisitService visits;

	PlanStageTimersDelegate(VisitService visits) {
		this.visits = visits;
	}

	@Override
	public void execute(DelegateExecution execution) {
		StageTimers timers = new StageTimers(
				Period.parse(LifecycleVariables.requiredInput(execution, LifecycleModel.INPUT_IN_WORK_LEAD_TIME)),
				Period.parse(LifecycleVariables.requiredInput(execution, LifecycleModel.INPUT_REPEAT_VISIT_LEAD_TIME)),
				Duration.parse(LifecycleVariables.requiredInput(execution, LifecycleModel.INPUT_OVERDUE_GRACE_PERIOD)));
		// parsed here so that a bad value in the model fails the planning step, not a
		// timer days later
		Duration overdueRetention = Duration
			.parse(LifecycleVariables.requiredInput(execution, LifecycleModel.INPUT_OVERDUE_RETENTION));
		UUID visitId = LifecycleVariables.visitId(execution);
		StageSchedule schedule = this.visits.planStageTimers(visitId, timers);
		DelegateExecution instance = execution.getProcessInstance();
		instance.setVariable(LifecycleModel.PLANNED_START, Date.from(this.visits.load(visitId).plannedStart()));
		instance.setVariable(LifecycleModel.IN_WORK_AT, Date.from(schedule.inWorkAt()));
		instance.setVariable(LifecycleModel.REPEAT_IN_WORK_AT, Date.from(schedule.repeatInWorkAt()));
		instance.setVariable(LifecycleModel.OVERDUE_AT, Date.from(schedule.overdueAt()));
		instance.setVariable(LifecycleModel.OVERDUE_RETENTION_TIME, overdueRetention.toString());
		instance.setVariable(LifecycleModel.ENTRY_STAGE, schedule.entryStage().name());
	}

}
