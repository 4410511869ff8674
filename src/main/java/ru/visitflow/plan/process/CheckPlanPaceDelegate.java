package ru.visitflow.plan.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;

/**
 * "Check the pace": completed visits against the straight line to the target; sets
 * {@code behind}.
 */
@Component("checkPlanPace")
class CheckPlanPaceDelegate implements JavaDelegate {

	private final PlanService plans;

	CheckPlanPaceDelegate(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(PlanModel.BEHIND, this.plans.checkPace(PlanVariables.planId(execution)));
	}

}
