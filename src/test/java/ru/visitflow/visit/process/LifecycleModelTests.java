package ru.visitflow.visit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import ru.visitflow.visit.VisitOutcome;

/**
 * House rules of the models in {@code bpmn/} and {@code forms/}: all deployed, every form
 * reference resolves, readable ids, beans behind every expression, and the names Java
 * uses exist.
 */
class LifecycleModelTests extends LifecycleTestSupport {

	private static final Path BPMN = Path.of("bpmn");

	private static final Path FORMS = Path.of("forms");

	/** Ids the Modeler generates, such as Activity_0x1y2z3 or Flow_1abcdef. */
	private static final Pattern GENERATED_ID = Pattern.compile(".*_[0-9][0-9a-z]{6}$");

	@Autowired
	private RepositoryService repositoryService;

	@Autowired
	private ApplicationContext context;

	private final ObjectMapper json = new ObjectMapper();

	private static List<Path> files(Path folder, String suffix) throws IOException {
		try (Stream<Path> paths = Files.list(folder)) {
			return paths.filter((path) -> path.toString().endsWith(suffix)).sorted().toList();
		}
	}

	private Deployment latestDeployment() {
		ProcessDefinition definition = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(LifecycleModel.PROCESS_KEY)
			.latestVersion()
			.singleResult();
		return this.repositoryService.createDeploymentQuery().deploymentId(definition.getDeploymentId()).singleResult();
	}

	private BpmnModelInstance lifecycleModel() {
		return this.repositoryService.getBpmnModelInstance(this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(LifecycleModel.PROCESS_KEY)
			.latestVersion()
			.singleResult()
			.getId());
	}

	@Test
	void everyModelAndFormIsDeployedTogether() throws IOException {
		List<String> deployed = this.repositoryService.getDeploymentResourceNames(latestDeployment().getId());
		List<Path> expected = new ArrayList<>(files(BPMN, ".bpmn"));
		expected.addAll(files(BPMN, ".dmn"));
		expected.addAll(files(FORMS, ".form"));
		assertThat(expected).hasSizeGreaterThanOrEqualTo(5);
		for (Path file : expected) {
			assertThat(deployed).as("deployed resources")
				.anyMatch((name) -> name.endsWith(file.getFileName().toString()));
		}
	}

	@Test
	void tasklistGetsTheDeployedFormOfATask() throws IOException {
		var visit = plan(REP1, "2026-12-01T12:00");
		try (var form = this.engine.getFormService().getDeployedTaskForm(task(visit).getId())) {
			assertThat(this.json.readTree(form).get("id").asText()).isEqualTo("ConductVisitForm");
		}
	}

	@Test
	void everyUserTaskHasAFormBoundToItsLatestVersion() throws IOException {
		// binding "latest": a model deployed alone from Camunda Modeler still finds the
		// forms deployed before
		Set<String> formIds = files(FORMS, ".form").stream().map(this::formId).collect(Collectors.toSet());
		for (UserTask task : lifecycleModel().getModelElementsByType(UserTask.class)) {
			assertThat(task.getCamundaFormRef()).as("formRef of %s", task.getId()).isIn(formIds);
			assertThat(task.getCamundaFormRefBinding()).as("formRefBinding of %s", task.getId()).isEqualTo("latest");
		}
	}

	@Test
	void idsAreReadableAndEveryElementIsDocumented() {
		for (BaseElement element : lifecycleModel().getModelElementsByType(BaseElement.class)) {
			String id = element.getId();
			if (id == null || element.getElementType().getTypeName().startsWith("BPMN")) {
				continue;
			}
			assertThat(GENERATED_ID.matcher(id).matches()).as("generated id %s", id).isFalse();
			boolean isFlowNode = element instanceof org.camunda.bpm.model.bpmn.instance.FlowNode;
			if (isFlowNode) {
				assertThat(element.getDocumentations()).as("documentation of %s", id).isNotEmpty();
			}
		}
		Process process = lifecycleModel().getModelElementById(LifecycleModel.PROCESS_KEY);
		assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
	}

	@Test
	void everyDelegateExpressionNamesABean() throws IOException {
		String model = Files.readString(BPMN.resolve("visit-lifecycle.bpmn"));
		Matcher beans = Pattern.compile("delegateExpression=\"\\$\\{(\\w+)}\"").matcher(model);
		int count = 0;
		while (beans.find()) {
			assertThat(this.context.containsBean(beans.group(1))).as("bean %s", beans.group(1)).isTrue();
			count++;
		}
		assertThat(count).isGreaterThan(10);
		assertThat(this.context.containsBean("lifecycleTimers")).isTrue();
	}

	@Test
	void everyNameJavaUsesExistsInTheModel() throws IllegalAccessException {
		BpmnModelInstance model = lifecycleModel();
		for (Field field : LifecycleModel.class.getDeclaredFields()) {
			String name = field.getName();
			if (Modifier.isStatic(field.getModifiers())
					&& (name.startsWith("TASK_") || name.startsWith("TIMER_") || name.equals("PROCESS_KEY"))) {
				String id = (String) field.get(null);
				assertThat((Object) model.getModelElementById(id)).as("%s = %s", name, id).isNotNull();
			}
		}
		String xml = org.camunda.bpm.model.bpmn.Bpmn.convertToString(model);
		assertThat(xml).contains("name=\"" + LifecycleModel.MESSAGE_RESCHEDULE_REQUESTED + "\"",
				"name=\"" + LifecycleModel.MESSAGE_CANCELLATION_REQUESTED + "\"",
				"camunda:topic=\"" + LifecycleModel.TOPIC_VISIT_ITEM + "\"",
				"camunda:topic=\"" + LifecycleModel.TOPIC_CALENDAR_EVENT + "\"");
	}

	@Test
	void formsOfferExactlyTheOutcomesTheDomainKnows() throws IOException {
		List<String> known = Arrays.stream(VisitOutcome.values()).map(Enum::name).sorted().toList();
		for (Path form : files(FORMS, ".form")) {
			for (JsonNode component : this.json.readTree(form.toFile()).get("components")) {
				if ("outcome".equals(component.path("key").asText())) {
					List<String> offered = new ArrayList<>();
					component.get("values").forEach((value) -> offered.add(value.get("value").asText()));
					assertThat(offered.stream().sorted().toList()).as("outcomes in %s", form).isEqualTo(known);
				}
			}
		}
	}

	@Test
	void formsTargetTasklist724() throws IOException {
		for (Path form : files(FORMS, ".form")) {
			JsonNode schema = this.json.readTree(form.toFile());
			assertThat(schema.get("executionPlatform").asText()).isEqualTo("Camunda Platform");
			assertThat(schema.get("executionPlatformVersion").asText()).isEqualTo("7.24.0");
			// form-js 1.8 in Tasklist 7.24 reads schema version 16
			assertThat(schema.get("schemaVersion").asInt()).isLessThanOrEqualTo(16);
		}
	}

	private String formId(Path form) {
		try {
			return this.json.readTree(form.toFile()).get("id").asText();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
