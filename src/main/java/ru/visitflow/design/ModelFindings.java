package ru.visitflow.design;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Process;

import org.springframework.context.MessageSource;

/**
 * Collects the broken rules of one model file, with their reasons from the {@code design}
 * message bundle.
 */
public final class ModelFindings {

	private final String resource;

	private final MessageSource messages;

	private final Locale locale;

	private final List<ModelViolation> violations = new ArrayList<>();

	ModelFindings(String resource, MessageSource messages, Locale locale) {
		this.resource = resource;
		this.messages = messages;
		this.locale = locale;
	}

	/**
	 * Records that {@code element} breaks {@code rule}; the reason is message
	 * {@code design.rule.<rule>}.
	 */
	public void add(BaseElement element, String rule, Object... arguments) {
		add(element.getId(), nameOf(element), rule, arguments);
	}

	public void add(String elementId, String elementName, String rule, Object... arguments) {
		String text = this.messages.getMessage("design.rule." + rule, arguments, rule, this.locale);
		this.violations.add(new ModelViolation(this.resource, elementId, elementName, rule, text));
	}

	public List<ModelViolation> violations() {
		return List.copyOf(this.violations);
	}

	static String nameOf(BaseElement element) {
		if (element instanceof FlowElement flowElement) {
			return flowElement.getName();
		}
		if (element instanceof Process process) {
			return process.getName();
		}
		return null;
	}

}
