package ru.visitflow.plan.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;

/**
 * "Send all back": every submitted request returns to the former with the head's comment.
 */
@Component("returnPlanRequests")
class ReturnPlanRequestsDelegate implements JavaDelegate {

	private final PlanService plans;

	ReturnPlanRequestsDelegate(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		this.plans.returnAll(PlanVariables.planId(execution),
				PlanVariables.string(execution, PlanModel.REVIEW_COMMENT));
	}

}
