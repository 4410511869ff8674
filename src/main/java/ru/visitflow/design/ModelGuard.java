package ru.visitflow.design;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.impl.BpmnModelConstants;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * The rules every guarded process model follows (a named history time to live, a bean
 * behind every delegate expression, resolvable forms and decisions, timers Visitflow
 * understands), plus the contract of its process key. Pure checks on the model: the
 * engine plugin decides when they run.
 */
@Component
public class ModelGuard {

	private static final String CAMUNDA = BpmnModelConstants.CAMUNDA_NS;

	/**
	 * The root identifier of an expression such as {@code ${recordStage}} or
	 * {@code ${lifecycleTimers.x}}.
	 */
	private static final Pattern EXPRESSION_ROOT = Pattern.compile("^\\s*[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)");

	private static final Pattern SINGLE_VARIABLE = Pattern.compile("^\\s*\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}\\s*$");

	private static final Pattern WELL_FORMED_EXPRESSION = Pattern.compile("^\\s*[$#]\\{[^{}]+}\\s*$");

	/** Names the engine itself offers to expressions; never beans. */
	private static final Set<String> ENGINE_NAMES = Set.of("execution", "task", "authenticatedUserId", "variables");

	private final ListableBeanFactory beans;

	private final MessageSource messages;

	private final DesignProperties properties;

	private final Map<String, ModelContract> contracts;

	public ModelGuard(ListableBeanFactory beans, MessageSource messages, DesignProperties properties,
			List<ModelContract> contracts) {
		this.beans = beans;
		this.messages = messages;
		this.properties = properties;
		this.contracts = contracts.stream().collect(Collectors.toMap(ModelContract::processKey, Function.identity()));
	}

	/** Whether a file holds a process the guard checks. */
	public boolean guards(BpmnModelInstance model) {
		return model.getModelElementsByType(Process.class)
			.stream()
			.anyMatch((process) -> this.properties.guardedProcesses().contains(process.getId()));
	}

	/**
	 * Every broken rule in the guarded processes of one model file; empty when it may be
	 * deployed.
	 */
	List<ModelViolation> check(String resource, BpmnModelInstance model, DeployedDefinitions definitions) {
		ModelFindings findings = new ModelFindings(resource, this.messages, this.properties.messageLocale());
		for (Process process : model.getModelElementsByType(Process.class)) {
			if (!this.properties.guardedProcesses().contains(process.getId())) {
				continue;
			}
			ModelContract contract = this.contracts.get(process.getId());
			String ttl = process.getCamundaHistoryTimeToLiveString();
			if (ttl == null || ttl.isBlank()) {
				findings.add(process, "history-time-to-live");
			}
			walk(model, process.getDomElement(), process, contract, definitions, findings);
			if (contract != null) {
				contract.check(model, process, findings);
			}
		}
		return findings.violations();
	}

	private void walk(BpmnModelInstance model, DomElement element, BaseElement owner, ModelContract contract,
			DeployedDefinitions definitions, ModelFindings findings) {
		String id = element.getAttribute("id");
		if (id != null) {
			ModelElementInstance instance = model.getModelElementById(id);
			if (instance instanceof BaseElement baseElement) {
				owner = baseElement;
			}
		}
		checkDelegates(element, owner, findings);
		checkFormRef(element, owner, definitions, findings);
		checkDecisionRef(element, owner, definitions, findings);
		if ("timerEventDefinition".equals(element.getLocalName())) {
			checkTimer(element, owner, contract, findings);
		}
		for (DomElement child : element.getChildElements()) {
			walk(model, child, owner, contract, definitions, findings);
		}
	}

	private void checkDelegates(DomElement element, BaseElement owner, ModelFindings findings) {
		String expression = element.getAttribute(CAMUNDA, "delegateExpression");
		if (expression != null) {
			Matcher root = EXPRESSION_ROOT.matcher(expression);
			if (!root.find()) {
				findings.add(owner, "delegate-expression", expression);
			}
			else if (!ENGINE_NAMES.contains(root.group(1)) && !this.beans.containsBean(root.group(1))) {
				findings.add(owner, "delegate-bean", expression, root.group(1));
			}
		}
		String className = element.getAttribute(CAMUNDA, "class");
		if (className != null && !ClassUtils.isPresent(className, getClass().getClassLoader())) {
			findings.add(owner, "delegate-class", className);
		}
	}

	private void checkFormRef(DomElement element, BaseElement owner, DeployedDefinitions definitions,
			ModelFindings findings) {
		String formRef = element.getAttribute(CAMUNDA, "formRef");
		if (formRef == null || formRef.contains("{")) {
			return;
		}
		String binding = element.getAttribute(CAMUNDA, "formRefBinding");
		if ("deployment".equals(binding)) {
			if (!definitions.formInThisDeployment(formRef)) {
				findings.add(owner, "form-ref-deployment", formRef);
			}
		}
		else if ("version".equals(binding)) {
			Integer version = parseVersion(element.getAttribute(CAMUNDA, "formRefVersion"));
			if (version == null || !definitions.formDeployed(formRef, version)) {
				findings.add(owner, "form-ref-version", formRef, element.getAttribute(CAMUNDA, "formRefVersion"));
			}
		}
		else if (!definitions.formInThisDeployment(formRef) && !definitions.formDeployed(formRef, null)) {
			findings.add(owner, "form-ref", formRef);
		}
	}

	private void checkDecisionRef(DomElement element, BaseElement owner, DeployedDefinitions definitions,
			ModelFindings findings) {
		String decisionRef = element.getAttribute(CAMUNDA, "decisionRef");
		if (decisionRef == null || decisionRef.contains("{")) {
			return;
		}
		if (!definitions.decisionInThisDeployment(decisionRef) && !definitions.decisionDeployed(decisionRef)) {
			findings.add(owner, "decision-ref", decisionRef);
		}
	}

	private void checkTimer(DomElement timer, BaseElement owner, ModelContract contract, ModelFindings findings) {
		List<DomElement> parts = new ArrayList<>(timer.getChildElements());
		if (parts.isEmpty()) {
			findings.add(owner, "timer-missing");
			return;
		}
		for (DomElement part : parts) {
			String kind = part.getLocalName();
			String text = (part.getTextContent() != null) ? part.getTextContent().trim() : "";
			if (text.isEmpty()) {
				findings.add(owner, "timer-missing");
			}
			else if (text.contains("{")) {
				checkTimerExpression(owner, contract, text, findings);
			}
			else if (!literalUnderstood(kind, text)) {
				findings.add(owner, "timer-literal", text, kind);
			}
		}
	}

	private void checkTimerExpression(BaseElement owner, ModelContract contract, String text, ModelFindings findings) {
		if (!WELL_FORMED_EXPRESSION.matcher(text).matches()) {
			findings.add(owner, "timer-expression-syntax", text);
			return;
		}
		if (contract == null) {
			return;
		}
		Matcher variable = SINGLE_VARIABLE.matcher(text);
		if (!variable.matches() || !contract.timerVariables().contains(variable.group(1))) {
			findings.add(owner, "timer-expression", text,
					String.join(", ", contract.timerVariables().stream().sorted().toList()));
		}
	}

	/**
	 * The lead-time table: the four outputs "plan stage timers" reads, hit policy FIRST,
	 * a last row that matches every visit (so every visit gets lead times), and literal
	 * values that are ISO-8601 periods.
	 */
	List<ModelViolation> checkLeadTimeTable(String resource, DmnModelInstance dmn) {
		ModelFindings findings = new ModelFindings(resource, this.messages, this.properties.messageLocale());
		for (Decision decision : dmn.getModelElementsByType(Decision.class)) {
			if (!this.properties.leadTimeDecision().equals(decision.getId())) {
				continue;
			}
			if (!(decision.getExpression() instanceof DecisionTable table)) {
				findings.add(decision.getId(), decision.getName(), "lead-time-table-outputs",
						String.join(", ", LifecycleContract.LEAD_TIME_INPUTS.keySet()));
				continue;
			}
			List<String> outputs = table.getOutputs().stream().map(Output::getName).toList();
			if (!outputs.containsAll(LifecycleContract.LEAD_TIME_INPUTS.keySet())) {
				findings.add(decision.getId(), decision.getName(), "lead-time-table-outputs",
						String.join(", ", LifecycleContract.LEAD_TIME_INPUTS.keySet()));
			}
			if (table.getHitPolicy() != HitPolicy.FIRST) {
				findings.add(decision.getId(), decision.getName(), "lead-time-table-hit-policy", table.getHitPolicy());
			}
			List<Rule> rules = new ArrayList<>(table.getRules());
			boolean catchAll = !rules.isEmpty() && rules.get(rules.size() - 1)
				.getInputEntries()
				.stream()
				.allMatch((entry) -> entry.getTextContent() == null || entry.getTextContent().isBlank()
						|| entry.getTextContent().trim().equals("-"));
			if (!catchAll) {
				findings.add(decision.getId(), decision.getName(), "lead-time-table-default-row");
			}
			for (Rule rule : rules) {
				List<OutputEntry> entries = new ArrayList<>(rule.getOutputEntries());
				for (int i = 0; i < entries.size() && i < outputs.size(); i++) {
					Boolean inDays = LifecycleContract.LEAD_TIME_INPUTS.get(outputs.get(i));
					String text = (entries.get(i).getTextContent() != null) ? entries.get(i).getTextContent().trim()
							: "";
					if (inDays == null || text.contains("{")) {
						continue;
					}
					String literal = text.replace("\"", "");
					if (!LifecycleContract.leadTimeUnderstood(literal, inDays)) {
						findings.add(rule.getId(),
								rule.getDescription() != null ? rule.getDescription().getTextContent() : null,
								"lead-time-value", outputs.get(i), text, inDays ? "P7D" : "PT12H");
					}
				}
			}
		}
		return findings.violations();
	}

	static boolean literalUnderstood(String kind, String text) {
		return switch (kind) {
			case "timeDate" -> isDate(text);
			case "timeDuration" -> isDuration(text);
			case "timeCycle" -> isCycle(text);
			default -> false;
		};
	}

	static boolean isDuration(String text) {
		try {
			Duration.parse(text);
			return true;
		}
		catch (DateTimeParseException ex) {
			try {
				Period.parse(text);
				return true;
			}
			catch (DateTimeParseException ignored) {
				return false;
			}
		}
	}

	static boolean isDate(String text) {
		List<Function<String, Object>> parsers = List.of(Instant::parse, OffsetDateTime::parse, LocalDateTime::parse,
				LocalDate::parse);
		for (Function<String, Object> parser : parsers) {
			try {
				parser.apply(text);
				return true;
			}
			catch (DateTimeParseException ex) {
				// try the next form
			}
		}
		return false;
	}

	private static boolean isCycle(String text) {
		if (text.startsWith("R")) {
			String[] parts = text.split("/");
			if (!parts[0].matches("R\\d*")) {
				return false;
			}
			for (int i = 1; i < parts.length; i++) {
				if (!isDuration(parts[i]) && !isDate(parts[i])) {
					return false;
				}
			}
			return parts.length > 1;
		}
		int fields = text.trim().split("\\s+").length;
		return fields == 6 || fields == 7;
	}

	private static Integer parseVersion(String version) {
		try {
			return (version != null) ? Integer.valueOf(version.trim()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
