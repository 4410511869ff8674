package ru.visitflow.plan.process;

import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;
import ru.visitflow.plan.ReviewDecision;

/**
 * "Create the approved visits": approved requests become visits of origin PLAN that skip
 * the per-visit review; the rest go back with the comment. Sets {@code returnedCount}.
 */
@Component("approvePlanRequests")
class ApprovePlanRequestsDelegate implements JavaDelegate {

	private final PlanService plans;

	ApprovePlanRequestsDelegate(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void execute(DelegateExecution execution) {
		ReviewDecision decision = ReviewDecision.valueOf(PlanVariables.string(execution, PlanModel.DECISION));
		List<UUID> approved = (decision == ReviewDecision.APPROVE_ALL) ? null
				: PlanVariables.uuids(execution, PlanModel.APPROVED_REQUEST_IDS);
		int returned = this.plans.approve(PlanVariables.planId(execution), approved,
				PlanVariables.string(execution, PlanModel.REVIEW_COMMENT));
		execution.setVariable(PlanModel.RETURNED_COUNT, returned);
	}

}
