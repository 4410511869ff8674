package ru.visitflow.plan.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;

/**
 * {@code Task_CancelPlan}: the plan is cancelled in the read model and its pending
 * requests dropped, in the engine's transaction.
 */
@Component("cancelPlan")
class CancelPlanDelegate implements JavaDelegate {

	private final PlanService plans;

	CancelPlanDelegate(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		this.plans.recordCancellation(PlanVariables.planId(execution),
				PlanVariables.string(execution, PlanModel.CANCEL_REASON),
				PlanVariables.string(execution, PlanModel.CANCELLED_BY));
	}

}
