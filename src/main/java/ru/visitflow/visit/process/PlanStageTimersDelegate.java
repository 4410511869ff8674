package ru.visitflow.visit.process;

import java.time.Duration;
import java.time.Period;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.StageSchedule;
import ru.visitflow.visit.StageTimers;
import ru.visitflow.visit.VisitService;

/**
 * "Plan stage timers": reads the lead times from its input parameters and sets, on the process instance,
 * plannedStart, inWorkAt, repeatInWorkAt, overdueAt (dates for the timers), overdueRetentionTime and entryStage.
 */
@Component("planStageTimers")
class PlanStageTimersDelegate implements JavaDelegate {

	private final VisitService visits;

	PlanStageTimersDelegate(VisitService visits) {
		this.visits = visits;
	}

	@Override
	public void execute(DelegateExecution execution) {
		StageTimers timers = new StageTimers(Period.parse(setting(execution, "inWorkLeadTime")),
				Period.parse(setting(execution, "repeatVisitLeadTime")),
				Duration.parse(setting(execution, "overdueGracePeriod")));
		// parsed here so that a bad value in the model fails the planning step, not a timer days later
		Duration overdueRetention = Duration.parse(setting(execution, "overdueRetention"));
		StageSchedule schedule = this.visits.planStageTimers(LifecycleVariables.visitId(execution), timers);
		DelegateExecution instance = execution.getProcessInstance();
		instance.setVariable("plannedStart", Date.from(this.visits.load(LifecycleVariables.visitId(execution)).plannedStart()));
		instance.setVariable("inWorkAt", Date.from(schedule.inWorkAt()));
		instance.setVariable("repeatInWorkAt", Date.from(schedule.repeatInWorkAt()));
		instance.setVariable("overdueAt", Date.from(schedule.overdueAt()));
		instance.setVariable("overdueRetentionTime", overdueRetention.toString());
		instance.setVariable("entryStage", schedule.entryStage().name());
	}

	private static String setting(DelegateExecution execution, String name) {
		Object value = execution.getVariableLocal(name);
		if (value == null) {
			throw new IllegalStateException("Input parameter " + name + " of 'plan stage timers' is not set");
		}
		return value.toString();
	}

}
