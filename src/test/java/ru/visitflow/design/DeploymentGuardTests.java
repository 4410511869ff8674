package ru.visitflow.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import ru.visitflow.visit.process.LifecycleModel;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The guard refuses each kind of broken model with a message naming the element and the
 * rule, deploys nothing then, and lets the real model and harmless changes through.
 * Deployed as Camunda Modeler does: the model alone.
 */
class DeploymentGuardTests extends LifecycleTestSupport {

	static final Path MODEL = Path.of("bpmn/visit-lifecycle.bpmn");

	@Autowired
	private RepositoryService repositoryService;

	private final List<String> deployed = new ArrayList<>();

	@AfterEach
	void undeploy() {
		this.deployed.forEach((id) -> this.repositoryService.deleteDeployment(id, true));
	}

	static String model() throws IOException {
		return Files.readString(MODEL);
	}

	/** The real model with one text replaced, which must occur exactly once. */
	static String modelWith(String text, String replacement) throws IOException {
		String model = model();
		assertThat(model.split(Pattern.quote(text), -1)).as("occurrences of %s", text).hasSize(2);
		return model.replace(text, replacement);
	}

	private DeploymentWithDefinitions deploy(String xml) {
		DeploymentBuilder builder = this.repositoryService.createDeployment()
			.name("visit-lifecycle")
			.source("Camunda Modeler")
			.addString("visit-lifecycle.bpmn", xml);
		DeploymentWithDefinitions deployment = builder.deployWithResult();
		this.deployed.add(deployment.getId());
		return deployment;
	}

	private void assertRefused(String xml, String elementId, String rule, String... reasonParts) {
		long versions = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(LifecycleModel.PROCESS_KEY)
			.count();
		assertThatThrownBy(() -> deploy(xml)).isInstanceOfSatisfying(ParseException.class, (ex) -> {
			assertThat(ex.getMessage()).contains("Visitflow", elementId, "[" + rule + "]");
			for (String part : reasonParts) {
				assertThat(ex.getMessage()).contains(part);
			}
			List<Problem> errors = ex.getResorceReports().get(0).getErrors();
			assertThat(errors).anySatisfy((problem) -> {
				assertThat(problem.getMainElementId()).isEqualTo(elementId);
				assertThat(problem.getMessage()).contains("[" + rule + "]");
			});
		});
		assertThat(this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(LifecycleModel.PROCESS_KEY)
			.count()).as("versions after a refused deployment").isEqualTo(versions);
	}

	@Test
	void stageTaskNamingAMissingBeanIsRefused() throws IOException {
		String broken = modelWith(
				"id=\"Task_MoveToDraft\" name=\"Перевести в «Черновик»\" camunda:delegateExpression=\"${recordStage}\"",
				"id=\"Task_MoveToDraft\" name=\"Перевести в «Черновик»\" camunda:delegateExpression=\"${recordStageRenamed}\"");
		assertRefused(broken, "Task_MoveToDraft", "delegate-bean", "recordStageRenamed", "Перевести в «Черновик»",
				"компонента «recordStageRenamed» в Visitflow нет");
	}

	@Test
	void renamedElementJavaReliesOnIsRefused() throws IOException {
		String broken = model().replace(LifecycleModel.TASK_CONDUCT_VISIT + "\"", "Task_HoldVisit\"")
			.replace(LifecycleModel.TASK_CONDUCT_VISIT + "_di\"", "Task_HoldVisit_di\"");
		assertRefused(broken, LifecycleModel.TASK_CONDUCT_VISIT, "required-element", "UserTask");
	}

	@Test
	void formThatCannotBeFoundIsRefused() throws IOException {
		assertRefused(modelWith("camunda:formRef=\"ConductVisitForm\"", "camunda:formRef=\"ConductVisitFormV2\""),
				LifecycleModel.TASK_CONDUCT_VISIT, "form-ref", "ConductVisitFormV2");
		// bound to the deployment, but deployed without the form
		assertRefused(
				modelWith("camunda:formRef=\"ConductVisitForm\" camunda:formRefBinding=\"latest\"",
						"camunda:formRef=\"ConductVisitForm\" camunda:formRefBinding=\"deployment\""),
				LifecycleModel.TASK_CONDUCT_VISIT, "form-ref-deployment", "ConductVisitForm");
	}

	@Test
	void timersVisitflowDoesNotUnderstandAreRefused() throws IOException {
		assertRefused(modelWith("${inWorkAt}", "${weekBefore}"), LifecycleModel.TIMER_IN_WORK_DUE, "timer-expression",
				"weekBefore", "inWorkAt");
		assertRefused(modelWith("${overdueRetentionTime}", "three days"), LifecycleModel.TIMER_OVERDUE_EXPIRED,
				"timer-literal", "three days");
	}

	@Test
	void stageChangeWithoutTheSyncEscalationIsRefused() throws IOException {
		String broken = modelWith(
				"<bpmn:outgoing>Flow_DraftToTimer</bpmn:outgoing><bpmn:escalationEventDefinition escalationRef=\"Escalation_VisitChanged\" />",
				"<bpmn:outgoing>Flow_DraftToTimer</bpmn:outgoing>");
		assertRefused(broken, "Task_MoveToDraft", "sync-after-stage-change", "visitChanged");
	}

	@Test
	void modelWithoutHistoryTimeToLiveIsRefused() throws IOException {
		assertRefused(modelWith(" camunda:historyTimeToLive=\"P180D\"", ""), LifecycleModel.PROCESS_KEY,
				"history-time-to-live");
	}

	@Test
	void unknownStageMessageTopicDecisionAndLeadTimeAreRefused() throws IOException {
		assertRefused(
				modelWith("<camunda:inputParameter name=\"stage\">DRAFT</camunda:inputParameter>",
						"<camunda:inputParameter name=\"stage\">ЧЕРНОВИК</camunda:inputParameter>"),
				"Task_MoveToDraft", "stage-value", "ЧЕРНОВИК");
		assertRefused(modelWith("name=\"VisitRescheduleRequested\"", "name=\"VisitMoved\""), LifecycleModel.PROCESS_KEY,
				"message-name", "VisitRescheduleRequested");
		assertRefused(modelWith("camunda:topic=\"bitrix24-visit-item\"", "camunda:topic=\"bitrix-item\""),
				LifecycleModel.TASK_SYNC_VISIT_ITEM, "external-topic", "bitrix24-visit-item");
		assertRefused(modelWith("camunda:decisionRef=\"VisitLeadTimes\"", "camunda:decisionRef=\"VisitLeadTimesV2\""),
				"Task_DecideLeadTimes", "decision-ref", "VisitLeadTimesV2");
		assertRefused(modelWith("${leadTimeInWork}", "7 дней"), "Task_PlanStageTimers", "lead-time-value", "7 дней");
	}

	@Test
	void aLeadTimeTableWithoutTheDefaultRowOrWithUnreadableValuesIsRefused() throws IOException {
		String table = Files.readString(LeadTimeDecisionTests.DECISION);
		String withoutDefault = table.replaceAll("(?s)<rule id=\"Rule_Default\">.*?</rule>", "");
		assertThatThrownBy(() -> this.repositoryService.createDeployment()
			.addString("visit-lead-times.dmn", withoutDefault)
			.deploy()).isInstanceOf(ParseException.class)
			.hasMessageContaining("VisitLeadTimes")
			.hasMessageContaining("[lead-time-table-default-row]");
		String unreadable = table.replace("<text>\"P10D\"</text>", "<text>\"10 дней\"</text>");
		assertThatThrownBy(
				() -> this.repositoryService.createDeployment().addString("visit-lead-times.dmn", unreadable).deploy())
			.isInstanceOf(ParseException.class)
			.hasMessageContaining("Rule_TrainingAnyRegion")
			.hasMessageContaining("[lead-time-value]");
		String firstHit = table.replace("hitPolicy=\"FIRST\"", "hitPolicy=\"UNIQUE\"");
		assertThatThrownBy(
				() -> this.repositoryService.createDeployment().addString("visit-lead-times.dmn", firstHit).deploy())
			.isInstanceOf(ParseException.class)
			.hasMessageContaining("[lead-time-table-hit-policy]");
	}

	@Test
	void everyBrokenRuleIsListedInOneRefusal() throws IOException {
		String broken = model().replace(" camunda:historyTimeToLive=\"P180D\"", "")
			.replace("${inWorkAt}", "${weekBefore}");
		assertThatThrownBy(() -> deploy(broken)).isInstanceOfSatisfying(ParseException.class,
				(ex) -> assertThat(ex.getResorceReports().get(0).getErrors()).hasSize(2));
	}

	@Test
	void theRealModelAndHarmlessChangesAreAccepted() throws IOException {
		assertThat(deploy(model()).getDeployedProcessDefinitions()).hasSize(1);
		// a renamed label
		assertThat(deploy(modelWith("name=\"Провести визит\"", "name=\"Провести встречу с клиентом\""))
			.getDeployedProcessDefinitions()).hasSize(1);
		// a lead time written into the model instead of the decision's
		assertThat(deploy(modelWith("${leadTimeInWork}", "P5D")).getDeployedProcessDefinitions()).hasSize(1);
		// a timer waiting for a fixed date
		assertThat(deploy(modelWith("${inWorkAt}", "2027-01-10T09:00:00+03:00")).getDeployedProcessDefinitions())
			.hasSize(1);
	}

	@Test
	void otherGuardedProcessesGetTheGeneralRulesOnlyAndOthersPassUntouched() {
		String plan = Bpmn.convertToString(Bpmn.createExecutableProcess("VisitPlan")
			.camundaHistoryTimeToLive(180)
			.startEvent("StartEvent_PlanSet")
			.userTask("Task_FormRequests")
			.camundaCandidateGroups("supervisors")
			.endEvent("EndEvent_PlanDone")
			.done());
		DeploymentWithDefinitions ok = this.repositoryService.createDeployment()
			.addString("visit-plan.bpmn", plan)
			.deployWithResult();
		this.deployed.add(ok.getId());
		String brokenPlan = Bpmn.convertToString(Bpmn.createExecutableProcess("VisitPlan")
			.camundaHistoryTimeToLive(180)
			.startEvent("StartEvent_PlanSet")
			.serviceTask("Task_FormRequests")
			.camundaDelegateExpression("${formVisitRequestsNowhere}")
			.endEvent("EndEvent_PlanDone")
			.done());
		assertThatThrownBy(
				() -> this.repositoryService.createDeployment().addString("visit-plan.bpmn", brokenPlan).deploy())
			.isInstanceOf(ParseException.class)
			.hasMessageContaining("Task_FormRequests")
			.hasMessageContaining("[delegate-bean]");
		String other = Bpmn.convertToString(Bpmn.createExecutableProcess("SomethingElse")
			.camundaHistoryTimeToLive(1)
			.startEvent()
			.serviceTask()
			.camundaDelegateExpression("${noSuchBean}")
			.endEvent()
			.done());
		DeploymentWithDefinitions untouched = this.repositoryService.createDeployment()
			.addString("other.bpmn", other)
			.deployWithResult();
		this.deployed.add(untouched.getId());
		assertThat(untouched.getDeployedProcessDefinitions()).hasSize(1);
		assertThat(ok.getDeployedProcessDefinitions()).hasSize(1);
	}

}
