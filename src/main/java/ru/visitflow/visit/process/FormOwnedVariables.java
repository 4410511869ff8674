package ru.visitflow.visit.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.form.TaskFormData;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A user task accepts only the variables its form owns. Completing a task, submitting its
 * form or writing its variables (engine REST, Tasklist, Java) with any other name
 * (visitId, repId, a timer date, ...) is refused with a {@link BadUserRequestException}
 * naming the names (HTTP 400 in engine REST and Tasklist), so no client can steer
 * process-owned state through a task. The owned names are the field keys of the task's
 * deployed Camunda Form (or its generated form fields); a task without a form owns none.
 * Engine commands carry their arguments in protected fields, read here once per command;
 * a Camunda upgrade that renames them fails the guard's tests rather than opening it (an
 * unreadable command is refused).
 */
@Component
class FormOwnedVariables extends AbstractProcessEnginePlugin {

	private static final Logger logger = LoggerFactory.getLogger(FormOwnedVariables.class);

	private final ObjectMapper json = new ObjectMapper();

	/** Owned names per process definition id and task definition key. */
	private final Map<String, Set<String>> owned = new ConcurrentHashMap<>();

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		List<CommandInterceptor> interceptors = configuration.getCustomPostCommandInterceptorsTxRequired();
		if (interceptors == null) {
			interceptors = new ArrayList<>();
			configuration.setCustomPostCommandInterceptorsTxRequired(interceptors);
		}
		interceptors.add(new Guard());
	}

	private final class Guard extends CommandInterceptor {

		@Override
		public <T> T execute(Command<T> command) {
			if (command instanceof CompleteTaskCmd) {
				check(read(command, "taskId"), names(read(command, "variables")), true);
			}
			else if (command instanceof SubmitTaskFormCmd) {
				check(read(command, "taskId"), names(read(command, "properties")), true);
			}
			else if (command instanceof SetTaskVariablesCmd) {
				check(read(command, "entityId"), names(read(command, "variables")), false);
			}
			else if (command instanceof RemoveTaskVariablesCmd) {
				check(read(command, "entityId"), read(command, "variableNames"), false);
			}
			else if (command instanceof PatchTaskVariablesCmd) {
				List<String> names = new ArrayList<>(names(read(command, "variables")));
				Collection<String> deletions = read(command, "deletions");
				if (deletions != null) {
					names.addAll(deletions);
				}
				check(read(command, "entityId"), names, false);
			}
			return this.next.execute(command);
		}

	}

	/**
	 * Refuses names the task's form does not own: as a form validation failure on
	 * completion (400 in engine REST and Tasklist, which show the message), as a bad
	 * request on variable writes.
	 */
	private void check(String taskId, Collection<String> names, boolean completion) {
		if (taskId == null || names == null || names.isEmpty()) {
			return;
		}
		CommandContext context = Context.getCommandContext();
		TaskEntity task = context.getTaskManager().findTaskById(taskId);
		if (task == null || task.getProcessDefinitionId() == null) {
			// unknown (the command answers 404) or a standalone task outside any process
			return;
		}
		Set<String> allowed = this.owned.computeIfAbsent(
				task.getProcessDefinitionId() + "#" + task.getTaskDefinitionKey(),
				(key) -> context.runWithoutAuthorization(() -> ownedNames(taskId)));
		Set<String> refused = new TreeSet<>(names);
		refused.removeAll(allowed);
		if (!refused.isEmpty()) {
			String user = (context.getAuthentication() != null) ? context.getAuthentication().getUserId() : "-";
			logger.warn("Refused variables {} on task {} ({}) by {}: its form owns only {}", refused, taskId,
					task.getTaskDefinitionKey(), user, allowed);
			String message = "The task '" + task.getName() + "' (" + task.getTaskDefinitionKey()
					+ ") does not accept the variable(s) " + refused + ": only the fields of its form may be submitted "
					+ new TreeSet<>(allowed);
			if (completion) {
				throw new FormFieldValidationException(refused, message);
			}
			throw new BadUserRequestException(message);
		}
	}

	private Set<String> ownedNames(String taskId) {
		FormService forms = Context.getProcessEngineConfiguration().getFormService();
		Set<String> names = new TreeSet<>();
		try {
			TaskFormData data = forms.getTaskFormData(taskId);
			if (data != null && data.getFormFields() != null) {
				data.getFormFields().stream().map(FormField::getId).forEach(names::add);
			}
		}
		catch (ProcessEngineException ex) {
			// no generated form
		}
		try (InputStream form = forms.getDeployedTaskForm(taskId)) {
			collectKeys(this.json.readTree(form), names);
		}
		catch (ProcessEngineException | IOException ex) {
			// no deployed form (or not a Camunda Form): nothing more is owned
		}
		return Set.copyOf(names);
	}

	private static void collectKeys(JsonNode node, Set<String> names) {
		if (node == null) {
			return;
		}
		if (node.isObject() && node.hasNonNull("key") && node.get("key").isTextual()) {
			names.add(node.get("key").asText());
		}
		for (JsonNode child : node.path("components")) {
			collectKeys(child, names);
		}
	}

	private static Collection<String> names(Object variables) {
		if (variables instanceof Map<?, ?> map) {
			return map.keySet().stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	@SuppressWarnings("unchecked")
	private static <V> V read(Object command, String name) {
		Class<?> type = command.getClass();
		while (type != null) {
			try {
				Field field = type.getDeclaredField(name);
				field.setAccessible(true);
				return (V) field.get(command);
			}
			catch (NoSuchFieldException ex) {
				type = type.getSuperclass();
			}
			catch (IllegalAccessException ex) {
				break;
			}
		}
		throw new BadUserRequestException(
				"The engine command " + command.getClass().getSimpleName() + " cannot be checked and is refused");
	}

}
