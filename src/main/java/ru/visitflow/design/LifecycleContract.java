package ru.visitflow.design;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EscalationEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleModel;

/**
 * What Java relies on in {@code VisitLifecycle}: the ids in {@link LifecycleModel} with
 * the element kind each must be, the two messages, the Bitrix24 topics, known stages in
 * the stage-change tasks, the sync escalation thrown right after every stage change, lead
 * times Visitflow can read, and timers that wait for the dates "plan stage timers"
 * computes.
 */
@Component
class LifecycleContract implements ModelContract {

	static final String RECORD_STAGE = "${recordStage}";

	static final String PLAN_STAGE_TIMERS = "${planStageTimers}";

	static final String SYNC_ESCALATION = "visitChanged";

	/** Inputs of "plan stage timers": a period in days (P7D) or a duration (PT12H). */
	static final Map<String, Boolean> LEAD_TIME_INPUTS = Map.of("inWorkLeadTime", true, "repeatVisitLeadTime", true,
			"overdueGracePeriod", false, "overdueRetention", false);

	private static final Map<String, Class<? extends BaseElement>> REQUIRED = Map.of(
			LifecycleModel.TASK_REVIEW_VISIT_REQUEST, UserTask.class, LifecycleModel.TASK_REVISE_VISIT_REQUEST,
			UserTask.class, LifecycleModel.TASK_CONDUCT_VISIT, UserTask.class,
			LifecycleModel.TASK_RESOLVE_OVERDUE_VISIT, UserTask.class, LifecycleModel.TIMER_IN_WORK_DUE,
			IntermediateCatchEvent.class, LifecycleModel.TIMER_REPEAT_VISIT_DUE, IntermediateCatchEvent.class,
			LifecycleModel.TIMER_VISIT_OVERDUE, BoundaryEvent.class, LifecycleModel.TIMER_OVERDUE_EXPIRED,
			BoundaryEvent.class, LifecycleModel.TASK_SYNC_VISIT_ITEM, ServiceTask.class,
			LifecycleModel.TASK_SYNC_CALENDAR_EVENT, ServiceTask.class);

	private static final Set<String> TIMERS = Set.of(LifecycleModel.TIMER_IN_WORK_DUE,
			LifecycleModel.TIMER_REPEAT_VISIT_DUE, LifecycleModel.TIMER_VISIT_OVERDUE,
			LifecycleModel.TIMER_OVERDUE_EXPIRED);

	private static final Map<String, String> TOPICS = Map.of(LifecycleModel.TASK_SYNC_VISIT_ITEM,
			LifecycleModel.TOPIC_VISIT_ITEM, LifecycleModel.TASK_SYNC_CALENDAR_EVENT,
			LifecycleModel.TOPIC_CALENDAR_EVENT);

	@Override
	public String processKey() {
		return LifecycleModel.PROCESS_KEY;
	}

	@Override
	public Set<String> timerVariables() {
		return Set.of("inWorkAt", "repeatInWorkAt", "overdueAt", "overdueRetentionTime");
	}

	@Override
	public void check(BpmnModelInstance model, Process process, ModelFindings findings) {
		REQUIRED.forEach((id, kind) -> {
			Object element = model.getModelElementById(id);
			if (element == null) {
				findings.add(id, null, "required-element", kind.getSimpleName());
			}
			else if (!kind.isInstance(element)) {
				findings.add((BaseElement) element, "required-element-kind", kind.getSimpleName());
			}
			else if (TIMERS.contains(id)
					&& ((FlowNode) element).getChildElementsByType(TimerEventDefinition.class).isEmpty()) {
				findings.add((BaseElement) element, "required-timer");
			}
		});
		TOPICS.forEach((id, topic) -> {
			if (model.getModelElementById(id) instanceof ServiceTask task
					&& (!"external".equals(task.getCamundaType()) || !topic.equals(task.getCamundaTopic()))) {
				findings.add(task, "external-topic", topic);
			}
		});
		checkMessages(model, process, findings);
		checkStageTasks(model, findings);
		checkLeadTimes(model, findings);
	}

	private void checkMessages(BpmnModelInstance model, Process process, ModelFindings findings) {
		for (String name : List.of(LifecycleModel.MESSAGE_RESCHEDULE_REQUESTED,
				LifecycleModel.MESSAGE_CANCELLATION_REQUESTED)) {
			boolean caught = model.getModelElementsByType(MessageEventDefinition.class)
				.stream()
				.map(MessageEventDefinition::getMessage)
				.anyMatch((message) -> message != null && name.equals(message.getName()));
			if (!caught) {
				findings.add(process, "message-name", name);
			}
		}
	}

	private void checkStageTasks(BpmnModelInstance model, ModelFindings findings) {
		Set<String> stages = Set.copyOf(Arrays.stream(VisitStage.values()).map(Enum::name).toList());
		boolean syncStarts = model.getModelElementsByType(SubProcess.class)
			.stream()
			.filter(SubProcess::triggeredByEvent)
			.flatMap((sub) -> sub.getChildElementsByType(StartEvent.class).stream())
			.anyMatch((start) -> !start.isInterrupting() && throwsOrCatchesSync(start.getEventDefinitions()));
		for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
			if (!RECORD_STAGE.equals(task.getCamundaDelegateExpression())) {
				continue;
			}
			String stage = input(task, "stage");
			if (stage == null || !stages.contains(stage.trim())) {
				findings.add(task, "stage-value", stage,
						String.join(", ", Arrays.stream(VisitStage.values()).map(Enum::name).toList()));
			}
			Collection<SequenceFlow> outgoing = task.getOutgoing();
			boolean announced = outgoing.size() == 1
					&& outgoing.iterator().next().getTarget() instanceof IntermediateThrowEvent event
					&& throwsOrCatchesSync(event.getEventDefinitions());
			if (!announced) {
				findings.add(task, "sync-after-stage-change", SYNC_ESCALATION);
			}
		}
		if (!syncStarts) {
			findings.add(LifecycleModel.PROCESS_KEY, null, "sync-subprocess", SYNC_ESCALATION);
		}
	}

	private void checkLeadTimes(BpmnModelInstance model, ModelFindings findings) {
		for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
			if (!PLAN_STAGE_TIMERS.equals(task.getCamundaDelegateExpression())) {
				continue;
			}
			LEAD_TIME_INPUTS.forEach((name, inDays) -> {
				String value = input(task, name);
				if (value == null || value.isBlank()) {
					findings.add(task, "lead-time-missing", name);
				}
				else if (!value.contains("{") && !leadTimeUnderstood(value.trim(), inDays)) {
					findings.add(task, "lead-time-value", name, value, inDays ? "P7D" : "PT12H");
				}
			});
		}
	}

	static boolean leadTimeUnderstood(String value, boolean inDays) {
		try {
			if (inDays) {
				Period.parse(value);
			}
			else {
				Duration.parse(value);
			}
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private static boolean throwsOrCatchesSync(Collection<? extends EventDefinition> definitions) {
		return definitions.stream()
			.filter(EscalationEventDefinition.class::isInstance)
			.map((definition) -> ((EscalationEventDefinition) definition).getEscalation())
			.anyMatch((escalation) -> escalation != null && SYNC_ESCALATION.equals(escalation.getEscalationCode()));
	}

	static String input(BaseElement element, String name) {
		return element.getExtensionElements() == null ? null
				: element.getExtensionElements()
					.getElementsQuery()
					.filterByType(CamundaInputOutput.class)
					.list()
					.stream()
					.flatMap((io) -> io.getCamundaInputParameters().stream())
					.filter((parameter) -> name.equals(parameter.getCamundaName()))
					.map(CamundaInputParameter::getTextContent)
					.findFirst()
					.orElse(null);
	}

}
