package ru.visitflow.plan.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;

/** "Close the plan": the period is over; the final count is kept with the plan. */
@Component("closePlan")
class ClosePlanDelegate implements JavaDelegate {

	private final PlanService plans;

	ClosePlanDelegate(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		this.plans.close(PlanVariables.planId(execution));
	}

}
