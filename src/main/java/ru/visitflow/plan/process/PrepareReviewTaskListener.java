package ru.visitflow.plan.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;
import ru.visitflow.plan.RequestStatus;

/**
 * On creating the control step: the submitted requests as a checklist for "approve some".
 */
@Component("prepareReviewTask")
class PrepareReviewTaskListener implements TaskListener {

	private final PlanService plans;

	PrepareReviewTaskListener(PlanService plans) {
		this.plans = plans;
	}

	@Override
	public void notify(DelegateTask task) {
		Map<String, String> options = new LinkedHashMap<>();
		this.plans.requests(PlanVariables.planId(task), Set.of(RequestStatus.SUBMITTED))
			.forEach((request) -> options.put(request.id().toString(), this.plans.requestLabel(request)));
		task.setVariable(PlanModel.REQUEST_OPTIONS, FormOptions.of(options));
		task.setVariable(PlanModel.DECISION, null);
		task.setVariable(PlanModel.APPROVED_REQUEST_IDS, null);
		task.setVariable(PlanModel.REVIEW_COMMENT, null);
	}

}
