package ru.visitflow.plan.process;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import org.springframework.stereotype.Component;

import ru.visitflow.plan.Plan;
import ru.visitflow.plan.PlanService;
import ru.visitflow.visit.LifecycleProperties;

/**
 * On creating a forming task: the coverage suggestions (due, overdue, never visited) and
 * the visit types as option lists, so the rep or head can pick companies in Tasklist.
 */
@Component("prepareFormingTask")
class PrepareFormingTaskListener implements TaskListener {

	private final PlanService plans;

	private final LifecycleProperties lifecycle;

	PrepareFormingTaskListener(PlanService plans, LifecycleProperties lifecycle) {
		this.plans = plans;
		this.lifecycle = lifecycle;
	}

	@Override
	public void notify(DelegateTask task) {
		Plan plan = this.plans.load(PlanVariables.planId(task));
		Map<String, String> suggestions = new LinkedHashMap<>();
		this.plans.suggestions(plan)
			.forEach((entry) -> suggestions.put(Long.toString(entry.companyId()), this.plans.suggestionLabel(entry)));
		Map<String, String> types = new LinkedHashMap<>();
		this.lifecycle.visitTypes().forEach((type) -> types.put(type.code(), type.name()));
		task.setVariable(PlanModel.SUGGESTION_OPTIONS, FormOptions.of(suggestions));
		task.setVariable(PlanModel.TYPE_OPTIONS, FormOptions.of(types));
		task.setVariable(PlanModel.REVIEW_COMMENT, plan.reviewComment());
	}

}
