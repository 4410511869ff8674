package ru.visitflow.plan.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;

/** On completing the catch-up task: the head's measures are kept with the plan. */
@Component("recordCatchUp")
class RecordCatchUpListener implements TaskListener {

	private final PlanService plans;

	RecordCatchUpListener(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void notify(DelegateTask task) {
		this.plans.recordCatchUp(PlanVariables.planId(task), PlanVariables.string(task, PlanModel.CATCH_UP_NOTE));
	}

}
