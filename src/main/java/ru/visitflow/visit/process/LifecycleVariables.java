package ru.visitflow.visit.process;

import java.util.Date;
import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Reads engine values once, at the boundary, into the types the domain takes: the visit
 * comes from the business key (set at start, never writable by a client), texts and dates
 * from variables as forms and messages leave them. The domain never sees an engine
 * {@code Object}.
 */
final class LifecycleVariables {

	private LifecycleVariables() {
	}

	static UUID visitId(DelegateExecution execution) {
		return visitId(execution.getProcessBusinessKey());
	}

	static UUID visitId(DelegateTask task) {
		return visitId(task.getExecution().getProcessBusinessKey());
	}

	private static UUID visitId(String businessKey) {
		if (businessKey == null || businessKey.isBlank()) {
			throw new IllegalStateException("The lifecycle instance has no business key (the visit id)");
		}
		return UUID.fromString(businessKey);
	}

	/**
	 * A variable as text: a date (Tasklist and the API may leave {@link Date}s) as an
	 * ISO-8601 instant, anything else by its string form; null when not set.
	 */
	static String text(VariableScope scope, String name) {
		return text(scope.getVariable(name));
	}

	/**
	 * An input parameter of the current activity as text (see
	 * {@link #text(VariableScope, String)}).
	 */
	static String input(DelegateExecution execution, String name) {
		return text(execution.getVariableLocal(name));
	}

	/** A required input parameter of the current activity. */
	static String requiredInput(DelegateExecution execution, String name) {
		String value = input(execution, name);
		if (value == null) {
			throw new IllegalStateException(
					"Input parameter " + name + " of '" + execution.getCurrentActivityName() + "' is not set");
		}
		return value;
	}

	private static String text(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Date date) {
			return date.toInstant().toString();
		}
		return value.toString();
	}

}
