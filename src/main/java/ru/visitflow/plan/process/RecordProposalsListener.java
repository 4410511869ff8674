package ru.visitflow.plan.process;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.PlanService;
import ru.visitflow.plan.RequestStatus;
import ru.visitflow.system.InvalidInputException;

/**
 * On completing a forming task: companies picked in Tasklist become requests (one day,
 * one type); the set must not be empty.
 */
@Component("recordProposals")
class RecordProposalsListener implements TaskListener {

	private final PlanService plans;

	private final IdentityService identityService;

	RecordProposalsListener(PlanService plans, IdentityService identityService) {
		this.plans = plans;
		this.identityService = identityService;
	}

	@Override
	public void notify(DelegateTask task) {
		UUID planId = PlanVariables.planId(task);
		List<Long> companies = PlanVariables.numbers(task, PlanModel.PROPOSED_COMPANY_IDS);
		if (!companies.isEmpty()) {
			Authentication user = this.identityService.getCurrentAuthentication();
			String userId = (user != null && user.getUserId() != null) ? user.getUserId() : task.getAssignee();
			this.plans.addFromForm(planId, companies, PlanVariables.string(task, PlanModel.PROPOSED_DATE),
					PlanVariables.string(task, PlanModel.PROPOSED_TYPE), userId);
			task.getExecution().setVariable(PlanModel.PROPOSED_COMPANY_IDS, null);
		}
		if (this.plans.requests(planId, Set.of(RequestStatus.DRAFT, RequestStatus.RETURNED)).isEmpty()) {
			throw new InvalidInputException("requests", "required", "add at least one visit request first");
		}
	}

}
