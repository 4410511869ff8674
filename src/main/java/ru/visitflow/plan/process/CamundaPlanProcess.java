package ru.visitflow.plan.process;

import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import ru.visitflow.plan.Plan;
import ru.visitflow.plan.PlanProcess;
import ru.visitflow.plan.PlanService;
import ru.visitflow.plan.ReviewDecision;
import ru.visitflow.system.ConflictException;

/**
 * The plan process on Camunda: one instance of {@code VisitPlan} per plan, business key =
 * plan id.
 */
@Component
class CamundaPlanProcess implements PlanProcess {

	private final RuntimeService runtimeService;

	private final TaskService taskService;

	private final PlanService plans;

	CamundaPlanProcess(RuntimeService runtimeService, TaskService taskService, @Lazy PlanService plans) {
		this.runtimeService = runtimeService;
		this.taskService = taskService;
		this.plans = plans;
	}

	@Override
	public String start(Plan plan) {
		VariableMap variables = Variables.createVariables()
			.putValue(PlanModel.PLAN_ID, plan.id().toString())
			.putValue(PlanModel.SUPERVISOR_ID, plan.supervisorId())
			.putValue(PlanModel.FORMER_ID, plan.formerId())
			.putValue(PlanModel.FORMED_BY, plan.formedBy().name())
			.putValue(PlanModel.PACE_CHECK_AT, Date.from(this.plans.paceCheckAt(plan)))
			.putValue(PlanModel.PERIOD_END_AT, Date.from(plan.endsAt()))
			.putValue(PlanModel.PLAN_SUMMARY, this.plans.summary(plan));
		return this.runtimeService.startProcessInstanceByKey(PlanModel.PROCESS_KEY, plan.id().toString(), variables)
			.getId();
	}

	@Override
	public void completeForming(UUID planId) {
		Task task = waiting(planId, PlanModel.TASK_FORM_REQUESTS, PlanModel.TASK_PROPOSE_VISITS);
		this.taskService.complete(task.getId(),
				Variables.createVariables().putValue(PlanModel.PROPOSED_COMPANY_IDS, null));
	}

	@Override
	public void completeReview(UUID planId, ReviewDecision decision, List<UUID> approvedRequestIds, String comment) {
		Task task = waiting(planId, PlanModel.TASK_REVIEW_REQUESTS);
		this.taskService.complete(task.getId(),
				Variables.createVariables()
					.putValue(PlanModel.DECISION, decision.name())
					.putValue(PlanModel.APPROVED_REQUEST_IDS,
							String.join(",", approvedRequestIds.stream().map(UUID::toString).toList()))
					.putValue(PlanModel.REVIEW_COMMENT, comment));
	}

	@Override
	public void completeCatchUp(UUID planId, String note) {
		Task task = waiting(planId, PlanModel.TASK_CATCH_UP);
		this.taskService.complete(task.getId(), Variables.createVariables().putValue(PlanModel.CATCH_UP_NOTE, note));
	}

	@Override
	public boolean cancel(UUID planId, String reason, String cancelledBy) {
		try {
			this.runtimeService.createMessageCorrelation(PlanModel.MESSAGE_CANCEL)
				.processInstanceBusinessKey(planId.toString())
				.setVariable(PlanModel.CANCEL_REASON, reason)
				.setVariable(PlanModel.CANCELLED_BY, cancelledBy)
				.correlate();
			return true;
		}
		catch (MismatchingMessageCorrelationException ex) {
			return false;
		}
	}

	@Override
	public String waitingTask(UUID planId) {
		List<Task> tasks = this.taskService.createTaskQuery()
			.processInstanceBusinessKey(planId.toString())
			.processDefinitionKey(PlanModel.PROCESS_KEY)
			.list();
		return tasks.isEmpty() ? null : tasks.get(0).getTaskDefinitionKey();
	}

	@Override
	public boolean waitsForCatchUp(UUID planId) {
		return this.taskService.createTaskQuery()
			.processInstanceBusinessKey(planId.toString())
			.processDefinitionKey(PlanModel.PROCESS_KEY)
			.taskDefinitionKey(PlanModel.TASK_CATCH_UP)
			.count() > 0;
	}

	private Task waiting(UUID planId, String... taskKeys) {
		List<Task> tasks = this.taskService.createTaskQuery()
			.processInstanceBusinessKey(planId.toString())
			.processDefinitionKey(PlanModel.PROCESS_KEY)
			.taskDefinitionKeyIn(taskKeys)
			.list();
		if (tasks.isEmpty()) {
			throw new ConflictException("The plan is not waiting for this step");
		}
		return tasks.get(0);
	}

}
