package ru.visitflow.plan.process;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Reading the plan's variables as Tasklist and the API give them: checklist values arrive
 * as Json arrays from Tasklist and as comma-separated text from the API; both are read by
 * pattern, so either works.
 */
final class PlanVariables {

	private static final Pattern UUID_PATTERN = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern NUMBER = Pattern.compile("\\d+");

	private PlanVariables() {
	}

	static UUID planId(VariableScope scope) {
		return UUID.fromString(scope.getVariable(PlanModel.PLAN_ID).toString());
	}

	static String string(VariableScope scope, String name) {
		Object value = scope.getVariable(name);
		return (value == null || value.toString().isBlank()) ? null : value.toString().trim();
	}

	static List<UUID> uuids(VariableScope scope, String name) {
		List<UUID> ids = new ArrayList<>();
		Object value = scope.getVariable(name);
		if (value != null) {
			Matcher matcher = UUID_PATTERN.matcher(value.toString());
			while (matcher.find()) {
				ids.add(UUID.fromString(matcher.group()));
			}
		}
		return ids;
	}

	static List<Long> numbers(VariableScope scope, String name) {
		List<Long> ids = new ArrayList<>();
		Object value = scope.getVariable(name);
		if (value != null) {
			Matcher matcher = NUMBER.matcher(value.toString());
			while (matcher.find()) {
				ids.add(Long.parseLong(matcher.group()));
			}
		}
		return ids;
	}

}
