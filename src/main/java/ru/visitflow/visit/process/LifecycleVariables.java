package ru.visitflow.visit.process;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.VariableScope;

/** Reads the variables every step needs. */
final class LifecycleVariables {

	private LifecycleVariables() {
	}

	static UUID visitId(VariableScope scope) {
		Object value = scope.getVariable(LifecycleModel.VISIT_ID);
		if (value == null) {
			throw new IllegalStateException("The process variable visitId is missing");
		}
		return UUID.fromString(value.toString());
	}

	static String string(VariableScope scope, String name) {
		Object value = scope.getVariable(name);
		return (value != null) ? value.toString() : null;
	}

}
