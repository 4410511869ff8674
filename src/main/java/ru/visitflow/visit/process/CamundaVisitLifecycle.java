package ru.visitflow.visit.process;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.stereotype.Component;

import ru.visitflow.system.ConflictException;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitLifecycle;
import ru.visitflow.visit.VisitResult;

/**
 * The lifecycle on Camunda: one instance of {@code VisitLifecycle} per visit, business
 * key = visit id.
 */
@Component
class CamundaVisitLifecycle implements VisitLifecycle {

	private final RuntimeService runtimeService;

	private final TaskService taskService;

	private final FormDisplay formDisplay;

	private final InstanceAuthorizations authorizations;

	CamundaVisitLifecycle(RuntimeService runtimeService, TaskService taskService, FormDisplay formDisplay,
			InstanceAuthorizations authorizations) {
		this.runtimeService = runtimeService;
		this.taskService = taskService;
		this.formDisplay = formDisplay;
		this.authorizations = authorizations;
	}

	@Override
	public String start(Visit visit, boolean reviewRequired) {
		VariableMap variables = Variables.createVariables()
			.putValue(LifecycleModel.VISIT_ID, visit.id().toString())
			.putValue(LifecycleModel.REP_ID, visit.repId())
			.putValue(LifecycleModel.REVIEW_STATUS,
					reviewRequired ? LifecycleModel.REVIEW_PENDING : LifecycleModel.REVIEW_NOT_REQUIRED);
		variables.putAll(this.formDisplay.variablesFor(visit));
		String processInstanceId = this.runtimeService
			.startProcessInstanceByKey(LifecycleModel.PROCESS_KEY, visit.id().toString(), variables)
			.getId();
		this.authorizations.grant(processInstanceId, visit.repId(), true);
		return processInstanceId;
	}

	@Override
	public void requestReschedule(UUID visitId, Instant newPlannedStart) {
		correlate(LifecycleModel.MESSAGE_RESCHEDULE_REQUESTED, visitId,
				Map.of(LifecycleModel.NEW_PLANNED_START, newPlannedStart.toString()), "rescheduled");
	}

	@Override
	public void requestCancellation(UUID visitId, String reason) {
		correlate(LifecycleModel.MESSAGE_CANCELLATION_REQUESTED, visitId, Map.of(LifecycleModel.CANCEL_REASON, reason),
				"cancelled");
	}

	@Override
	public void submitResult(UUID visitId, VisitResult result) {
		List<Task> tasks = this.taskService.createTaskQuery()
			.processInstanceBusinessKey(visitId.toString())
			.processDefinitionKey(LifecycleModel.PROCESS_KEY)
			.taskDefinitionKeyIn(LifecycleModel.TASK_CONDUCT_VISIT, LifecycleModel.TASK_RESOLVE_OVERDUE_VISIT)
			.list();
		if (tasks.isEmpty()) {
			throw new ConflictException("The visit is not waiting for a result");
		}
		Task task = tasks.get(0);
		VariableMap variables = Variables.createVariables()
			.putValue(LifecycleModel.OUTCOME, result.outcome().name())
			.putValue(LifecycleModel.RESULT_NOTES, result.notes())
			.putValue(LifecycleModel.NEXT_VISIT_START,
					(result.nextVisitStart() != null) ? result.nextVisitStart().toString() : null)
			.putValue(LifecycleModel.NEXT_VISIT_TYPE, result.nextVisitType())
			.putValue(LifecycleModel.NEXT_VISIT_PURPOSE, result.nextVisitPurpose());
		if (LifecycleModel.TASK_RESOLVE_OVERDUE_VISIT.equals(task.getTaskDefinitionKey())) {
			variables.putValue(LifecycleModel.OVERDUE_RESOLUTION, LifecycleModel.OVERDUE_COMPLETE_LATE);
		}
		try {
			this.taskService.complete(task.getId(), variables);
		}
		catch (NullValueException | NotFoundException ex) {
			// the task ended meanwhile (a cancellation or a timer won the race)
			throw new ConflictException("The visit is no longer waiting for a result");
		}
		catch (RuntimeException ex) {
			// a cancellation committed while this completion ran can leave the engine
			// half-way (its execution
			// gone under the task): the visit is no longer waiting, so this request lost
			// the race
			if (this.taskService.createTaskQuery().taskId(task.getId()).count() == 0) {
				throw new ConflictException("The visit is no longer waiting for a result");
			}
			throw ex;
		}
	}

	private void correlate(String message, UUID visitId, Map<String, Object> variables, String what) {
		try {
			this.runtimeService.createMessageCorrelation(message)
				.processInstanceBusinessKey(visitId.toString())
				.setVariables(variables)
				.correlateWithResult();
		}
		catch (MismatchingMessageCorrelationException ex) {
			throw new ConflictException("The visit cannot be " + what + " now: its lifecycle is not open");
		}
		catch (RuntimeException ex) {
			// a completion or cancellation committed while this request correlated: the
			// subscription it found is gone (the engine may then fail with an optimistic
			// lock or, inside the event handler, a NullPointerException for the removed
			// parent execution), so this request lost the race
			if (!waitsFor(message, visitId)) {
				throw new ConflictException("The visit cannot be " + what + " now: its lifecycle is not open");
			}
			throw ex;
		}
	}

	private boolean waitsFor(String message, UUID visitId) {
		return this.runtimeService.createExecutionQuery()
			.processInstanceBusinessKey(visitId.toString())
			.messageEventSubscriptionName(message)
			.count() > 0;
	}

}
