package ru.visitflow.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.impl.BpmnModelConstants;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The element templates in {@code bpmn/element-templates/} follow Camunda's
 * element-templates schema for Camunda 7 (checked structurally), and each one applied to
 * a task yields a model the guard accepts.
 */
class ElementTemplatesTests extends LifecycleTestSupport {

	private static final Path TEMPLATES = Path.of("bpmn/element-templates");

	private static final String CAMUNDA = BpmnModelConstants.CAMUNDA_NS;

	private static final Set<String> TEMPLATE_KEYS = Set.of("$schema", "name", "id", "version", "description",
			"appliesTo", "elementType", "properties", "groups", "scopes", "entriesVisible", "documentationRef",
			"keywords", "deprecated", "icon", "category");

	private static final Set<String> PROPERTY_KEYS = Set.of("label", "description", "type", "value", "choices",
			"binding", "constraints", "editable", "id", "condition", "group", "placeholder");

	private static final Set<String> PROPERTY_TYPES = Set.of("String", "Text", "Boolean", "Dropdown", "Hidden");

	/** Binding types of the Camunda 7 schema with the keys each requires. */
	private static final Map<String, List<String>> BINDINGS = Map.of("property", List.of("name"), "camunda:property",
			List.of("name"), "camunda:inputParameter", List.of("name"), "camunda:outputParameter", List.of("source"),
			"camunda:field", List.of("name"), "camunda:in", List.of(), "camunda:out", List.of(),
			"camunda:in:businessKey", List.of(), "camunda:executionListener", List.of("eventType"),
			"camunda:errorEventDefinition", List.of("errorRef"));

	private static final Set<String> CONSTRAINTS = Set.of("notEmpty", "minLength", "maxLength", "pattern");

	private static final Pattern APPLIES_TO = Pattern.compile("^bpmn:[A-Z][A-Za-z]+$");

	@Autowired
	private ModelGuard guard;

	@Autowired
	private RepositoryService repositoryService;

	private final ObjectMapper json = new ObjectMapper();

	private List<JsonNode> templates() throws IOException {
		List<JsonNode> templates = new ArrayList<>();
		try (Stream<Path> files = Files.list(TEMPLATES)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				JsonNode node = this.json.readTree(file.toFile());
				if (node.isArray()) {
					node.forEach(templates::add);
				}
				else {
					templates.add(node);
				}
			}
		}
		return templates;
	}

	@Test
	void templatesFollowTheCamunda7ElementTemplatesSchema() throws IOException {
		List<JsonNode> templates = templates();
		assertThat(templates).hasSizeGreaterThanOrEqualTo(5);
		Set<String> ids = new HashSet<>();
		for (JsonNode template : templates) {
			String id = template.path("id").asText();
			assertThat(template.path("$schema").asText()).contains("@camunda/element-templates-json-schema");
			assertThat(template.path("name").isTextual() && !template.path("name").asText().isBlank()).as(id).isTrue();
			assertThat(id).isNotBlank();
			assertThat(ids.add(id + "@" + template.path("version").asInt())).as("unique id and version %s", id)
				.isTrue();
			assertThat(template.path("version").isInt()).as("integer version of %s", id).isTrue();
			template.fieldNames()
				.forEachRemaining((key) -> assertThat(TEMPLATE_KEYS).as("key of %s", id).contains(key));
			assertThat(template.path("appliesTo").isArray() && !template.path("appliesTo").isEmpty()).isTrue();
			template.path("appliesTo").forEach((type) -> assertThat(type.asText()).matches(APPLIES_TO));
			assertThat(template.path("properties").isArray() && !template.path("properties").isEmpty()).isTrue();
			for (JsonNode property : template.path("properties")) {
				checkProperty(id, property);
			}
		}
	}

	private void checkProperty(String template, JsonNode property) {
		property.fieldNames()
			.forEachRemaining((key) -> assertThat(PROPERTY_KEYS).as("property key in %s", template).contains(key));
		String type = property.path("type").asText("String");
		assertThat(PROPERTY_TYPES).as("property type in %s", template).contains(type);
		JsonNode binding = property.path("binding");
		assertThat(binding.isObject()).as("binding in %s", template).isTrue();
		String bindingType = binding.path("type").asText();
		assertThat(BINDINGS).as("binding type in %s", template).containsKey(bindingType);
		for (String required : BINDINGS.get(bindingType)) {
			assertThat(binding.path(required).isTextual())
				.as("%s of a %s binding in %s", required, bindingType, template)
				.isTrue();
		}
		if (bindingType.equals("camunda:executionListener")) {
			assertThat(type).isEqualTo("Hidden");
		}
		if (type.equals("Hidden")) {
			assertThat(property.has("value")).as("value of a hidden property in %s", template).isTrue();
		}
		if (type.equals("Dropdown")) {
			assertThat(property.path("choices").isArray() && !property.path("choices").isEmpty()).isTrue();
			property.path("choices").forEach((choice) -> {
				assertThat(choice.path("name").isTextual()).isTrue();
				assertThat(choice.path("value").isTextual()).isTrue();
			});
		}
		if (property.has("constraints")) {
			property.path("constraints").fieldNames().forEachRemaining((key) -> assertThat(CONSTRAINTS).contains(key));
			JsonNode pattern = property.path("constraints").path("pattern");
			if (!pattern.isMissingNode()) {
				String regex = pattern.isTextual() ? pattern.asText() : pattern.path("value").asText();
				Pattern compiled = Pattern.compile(regex);
				if (property.has("value")) {
					assertThat(compiled.matcher(property.path("value").asText()).matches())
						.as("default of %s matches its pattern", template)
						.isTrue();
				}
			}
		}
	}

	@Test
	void theStageDropdownOffersExactlyTheStagesVisitflowKnows() throws IOException {
		JsonNode stageChange = templates().stream()
			.filter((t) -> t.path("id").asText().equals("ru.visitflow.StageChange"))
			.findFirst()
			.orElseThrow();
		List<String> offered = new ArrayList<>();
		for (JsonNode property : stageChange.path("properties")) {
			if ("stage".equals(property.path("binding").path("name").asText())) {
				property.path("choices").forEach((choice) -> offered.add(choice.path("value").asText()));
			}
		}
		assertThat(offered)
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(VisitStage.values()).map(Enum::name).toList());
	}

	@Test
	void everyTemplateAppliedToATaskYieldsAModelTheGuardAccepts() throws IOException {
		BpmnModelInstance everything = Bpmn.readModelFromFile(DeploymentGuardTests.MODEL.toFile());
		for (JsonNode template : templates()) {
			List<Activity> targets = targetsOf(Bpmn.readModelFromFile(DeploymentGuardTests.MODEL.toFile()), template);
			assertThat(targets).as("tasks in the model that %s fits", template.path("id").asText()).isNotEmpty();
			for (List<String> choice : choices(template)) {
				BpmnModelInstance model = Bpmn.readModelFromFile(DeploymentGuardTests.MODEL.toFile());
				for (Activity target : targetsOf(model, template)) {
					apply(template, target, choice);
				}
				Bpmn.validateModel(model);
				assertThat(this.guard.check("templated.bpmn", model, everythingDeployed()))
					.as("%s with %s", template.path("id").asText(), choice)
					.isEmpty();
			}
			for (Activity target : targetsOf(everything, template)) {
				apply(template, target, List.of());
			}
		}
		// all templates applied at once, deployed for real
		String id = this.repositoryService.createDeployment()
			.addString("visit-lifecycle.bpmn", Bpmn.convertToString(everything))
			.deploy()
			.getId();
		this.repositoryService.deleteDeployment(id, true);
	}

	/**
	 * The tasks of the model that play the template's part, stripped of what the template
	 * sets.
	 */
	private List<Activity> targetsOf(BpmnModelInstance model, JsonNode template) {
		Map<String, String> hidden = new HashMap<>();
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			if ("Hidden".equals(property.path("type").asText()) && "property".equals(binding.path("type").asText())) {
				hidden.put(binding.path("name").asText().replace("camunda:", ""), property.path("value").asText());
			}
		}
		List<Activity> targets = new ArrayList<>();
		for (JsonNode appliesTo : template.path("appliesTo")) {
			String type = appliesTo.asText().substring("bpmn:".length());
			for (Activity activity : model.getModelElementsByType(Activity.class)) {
				if (!activity.getElementType().getTypeName().equalsIgnoreCase(type)) {
					continue;
				}
				boolean plays = hidden.entrySet()
					.stream()
					.allMatch((e) -> e.getValue().equals(activity.getAttributeValueNs(CAMUNDA, e.getKey())));
				if (plays) {
					targets.add(activity);
				}
			}
		}
		return targets;
	}

	/** Each Dropdown choice once (or the defaults only). */
	private List<List<String>> choices(JsonNode template) {
		List<List<String>> choices = new ArrayList<>();
		for (JsonNode property : template.path("properties")) {
			if ("Dropdown".equals(property.path("type").asText())) {
				property.path("choices").forEach((choice) -> choices.add(List.of(choice.path("value").asText())));
			}
		}
		if (choices.isEmpty()) {
			choices.add(List.of());
		}
		return choices;
	}

	/**
	 * What Camunda Modeler does when a template is chosen for an element: sets every
	 * binding, records the template.
	 */
	private void apply(JsonNode template, Activity target, List<String> dropdownValues) {
		for (String attribute : List.of("delegateExpression", "class", "expression", "type", "topic", "decisionRef",
				"decisionRefBinding", "mapDecisionResult", "resultVariable")) {
			target.removeAttributeNs(CAMUNDA, attribute);
		}
		ExtensionElements extensions = target.getExtensionElements();
		if (extensions != null) {
			List.copyOf(extensions.getElementsQuery().filterByType(CamundaInputOutput.class).list())
				.forEach((io) -> extensions.getDomElement().removeChild(io.getDomElement()));
		}
		Iterator<String> chosen = dropdownValues.iterator();
		for (JsonNode property : template.path("properties")) {
			JsonNode binding = property.path("binding");
			String value = property.path("value").asText("");
			if ("Dropdown".equals(property.path("type").asText()) && chosen.hasNext()) {
				value = chosen.next();
			}
			String name = binding.path("name").asText();
			switch (binding.path("type").asText()) {
				case "property" -> {
					if (name.startsWith("camunda:")) {
						target.setAttributeValueNs(CAMUNDA, name.substring("camunda:".length()), value);
					}
					else {
						target.setAttributeValue(name, value);
					}
				}
				case "camunda:inputParameter" -> {
					CamundaInputParameter parameter = target.getModelInstance()
						.newInstance(CamundaInputParameter.class);
					parameter.setCamundaName(name);
					parameter.setTextContent(value);
					inputOutput(target).getCamundaInputParameters().add(parameter);
				}
				case "camunda:outputParameter" -> {
					CamundaOutputParameter parameter = target.getModelInstance()
						.newInstance(CamundaOutputParameter.class);
					parameter.setCamundaName(value);
					parameter.setTextContent(binding.path("source").asText());
					inputOutput(target).getCamundaOutputParameters().add(parameter);
				}
				default -> throw new IllegalStateException("binding not applied by this test: " + binding);
			}
		}
		target.setAttributeValueNs(CAMUNDA, "modelerTemplate", template.path("id").asText());
		target.setAttributeValueNs(CAMUNDA, "modelerTemplateVersion", template.path("version").asText());
	}

	private static CamundaInputOutput inputOutput(BaseElement element) {
		ExtensionElements extensions = element.getExtensionElements();
		if (extensions == null) {
			extensions = element.getModelInstance().newInstance(ExtensionElements.class);
			element.setExtensionElements(extensions);
		}
		List<CamundaInputOutput> existing = extensions.getElementsQuery().filterByType(CamundaInputOutput.class).list();
		if (!existing.isEmpty()) {
			return existing.get(0);
		}
		return extensions.addExtensionElement(CamundaInputOutput.class);
	}

	private static DeployedDefinitions everythingDeployed() {
		return new DeployedDefinitions() {

			@Override
			public boolean formInThisDeployment(String key) {
				return false;
			}

			@Override
			public boolean formDeployed(String key, Integer version) {
				return true;
			}

			@Override
			public boolean decisionInThisDeployment(String key) {
				return false;
			}

			@Override
			public boolean decisionDeployed(String key) {
				return true;
			}

		};
	}

}
