package ru.visitflow.plan.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;

/** "Hand in the requests": the formed set goes to the control step. */
@Component("submitPlanRequests")
class SubmitPlanRequestsDelegate implements JavaDelegate {

	private final PlanService plans;

	SubmitPlanRequestsDelegate(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		this.plans.markSubmitted(PlanVariables.planId(execution));
	}

}
