package ru.visitflow.design;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.xml.ModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;

/**
 * Runs the {@link ModelGuard} on every new deployment before the engine deploys it, and
 * refuses the whole deployment when a guarded model breaks a rule. The refusal is a
 * Camunda {@link ParseException}: engine REST answers 400 with the message (which Camunda
 * Modeler shows in its deploy log) and the problems per element. A deployer rather than a
 * parse listener, because parse listeners also run when the engine re-reads an old
 * definition into its cache: a rule added later must not break versions deployed before
 * it.
 */
class DeploymentGuard implements Deployer {

	private static final Logger logger = LoggerFactory.getLogger(DeploymentGuard.class);

	private final ModelGuard guard;

	private final MessageSource messages;

	private final DesignProperties properties;

	private final ObjectMapper json = new ObjectMapper();

	DeploymentGuard(ModelGuard guard, MessageSource messages, DesignProperties properties) {
		this.guard = guard;
		this.messages = messages;
		this.properties = properties;
	}

	@Override
	public void deploy(DeploymentEntity deployment) {
		if (!deployment.isNew() || !this.properties.guardEnabled() || deployment.getResources() == null) {
			return;
		}
		Collection<ResourceEntity> resources = deployment.getResources().values();
		List<ModelViolation> violations = new ArrayList<>();
		Definitions definitions = null;
		for (ResourceEntity resource : resources) {
			if (isDmn(resource.getName())) {
				try {
					violations.addAll(this.guard.checkLeadTimeTable(resource.getName(),
							Dmn.readModelFromStream(new ByteArrayInputStream(resource.getBytes()))));
				}
				catch (ModelException ex) {
					// not valid DMN: the engine's own deployer reports it
				}
				continue;
			}
			if (!isBpmn(resource.getName())) {
				continue;
			}
			BpmnModelInstance model;
			try {
				model = Bpmn.readModelFromStream(new ByteArrayInputStream(resource.getBytes()));
			}
			catch (ModelException ex) {
				// not valid BPMN: the engine's own parser reports it with line and column
				continue;
			}
			if (!this.guard.guards(model)) {
				continue;
			}
			if (definitions == null) {
				definitions = new Definitions(resources);
			}
			violations.addAll(this.guard.check(resource.getName(), model, definitions));
		}
		if (!violations.isEmpty()) {
			String message = describe(deployment, violations);
			logger.warn(message);
			List<Problem> problems = new ArrayList<>(violations);
			throw new ParseException(message, violations.get(0).resource(), problems, List.of());
		}
	}

	private String describe(DeploymentEntity deployment, List<ModelViolation> violations) {
		StringBuilder text = new StringBuilder(this.messages.getMessage("design.refused",
				new Object[] { deployment.getName(), violations.size() }, this.properties.messageLocale()));
		for (ModelViolation violation : violations) {
			text.append("\n* ").append(violation.getMessage()).append(" | ").append(shortName(violation.resource()));
		}
		return text.toString();
	}

	private static String shortName(String resource) {
		int slash = Math.max(resource.lastIndexOf('/'), resource.lastIndexOf('\\'));
		return resource.substring(slash + 1);
	}

	private static boolean isDmn(String name) {
		return name != null && (name.endsWith(".dmn") || name.endsWith(".dmn11.xml"));
	}

	private static boolean isBpmn(String name) {
		return name != null && (name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml"));
	}

	/**
	 * Forms and decisions of this deployment, and those deployed before, read without
	 * authorization checks.
	 */
	private final class Definitions implements DeployedDefinitions {

		private final Set<String> forms = new HashSet<>();

		private final Set<String> decisions = new HashSet<>();

		private final CommandContext commandContext = Context.getCommandContext();

		Definitions(Collection<ResourceEntity> resources) {
			for (ResourceEntity resource : resources) {
				String name = resource.getName();
				if (name == null) {
					continue;
				}
				try {
					if (name.endsWith(".form")) {
						JsonNode id = DeploymentGuard.this.json.readTree(resource.getBytes()).get("id");
						if (id != null) {
							this.forms.add(id.asText());
						}
					}
					else if (isDmn(name)) {
						Dmn.readModelFromStream(new ByteArrayInputStream(resource.getBytes()))
							.getModelElementsByType(Decision.class)
							.forEach((decision) -> this.decisions.add(decision.getId()));
					}
				}
				catch (IOException | ModelException ex) {
					// the engine's deployers report unreadable forms and decisions
					// themselves
				}
			}
		}

		@Override
		public boolean formInThisDeployment(String key) {
			return this.forms.contains(key);
		}

		@Override
		public boolean formDeployed(String key, Integer version) {
			return this.commandContext.runWithoutAuthorization(() -> (version == null)
					? this.commandContext.getCamundaFormDefinitionManager().findLatestDefinitionByKey(key) != null
					: this.commandContext.getCamundaFormDefinitionManager()
						.findDefinitionByKeyVersionAndTenantId(key, version, null) != null);
		}

		@Override
		public boolean decisionInThisDeployment(String key) {
			return this.decisions.contains(key);
		}

		@Override
		public boolean decisionDeployed(String key) {
			return this.commandContext.runWithoutAuthorization(() -> this.commandContext.getDecisionDefinitionManager()
				.findLatestDecisionDefinitionByKey(key) != null);
		}

	}

}
