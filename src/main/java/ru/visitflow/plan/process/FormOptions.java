package ru.visitflow.plan.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;

/**
 * Option lists for the Tasklist forms' checklists and selects ({@code valuesKey}): Json
 * arrays of label and value.
 */
final class FormOptions {

	private static final ObjectMapper JSON = new ObjectMapper();

	private FormOptions() {
	}

	static TypedValue of(Map<String, String> labelsByValue) {
		List<Map<String, String>> options = labelsByValue.entrySet().stream().map((entry) -> {
			Map<String, String> option = new LinkedHashMap<>();
			option.put("label", entry.getValue());
			option.put("value", entry.getKey());
			return option;
		}).toList();
		try {
			return SpinValues.jsonValue(JSON.writeValueAsString(options)).create();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Form options could not be written", ex);
		}
	}

}
