package ru.visitflow.plan.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;
import ru.visitflow.plan.ReviewDecision;
import ru.visitflow.system.InvalidInputException;

/**
 * On completing the control step (Tasklist or API): the decision is checked the same way
 * either way.
 */
@Component("checkReviewDecision")
class CheckReviewDecisionListener implements TaskListener {

	private final PlanService plans;

	CheckReviewDecisionListener(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void notify(DelegateTask task) {
		String decision = PlanVariables.string(task, PlanModel.DECISION);
		ReviewDecision parsed;
		try {
			parsed = (decision != null) ? ReviewDecision.valueOf(decision) : null;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("decision", "unknown", "'" + decision + "' is not a decision");
		}
		this.plans.checkReview(PlanVariables.planId(task), parsed,
				PlanVariables.uuids(task, PlanModel.APPROVED_REQUEST_IDS),
				PlanVariables.string(task, PlanModel.REVIEW_COMMENT));
	}

}
