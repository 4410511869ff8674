package ru.visitflow.design;

import java.util.List;

import org.camunda.bpm.engine.Problem;

/**
 * One broken rule of a deployed model: the element, the rule and the reason. Also a
 * Camunda {@link Problem}, so engine REST's error details name the element.
 *
 * @param resource the deployed file
 * @param elementId the element (or process) that breaks the rule
 * @param elementName its label in the diagram, if it has one
 * @param rule a stable rule code, such as {@code delegate-bean}
 * @param text the reason, in the configured language
 */
public record ModelViolation(String resource, String elementId, String elementName, String rule,
		String text) implements Problem {

	@Override
	public String getMessage() {
		String label = (this.elementName != null && !this.elementName.isBlank())
				? " \u00ab" + this.elementName + "\u00bb" : "";
		return this.elementId + label + ": " + this.text + " [" + this.rule + "]";
	}

	@Override
	public int getLine() {
		return 0;
	}

	@Override
	public int getColumn() {
		return 0;
	}

	@Override
	public String getMainElementId() {
		return this.elementId;
	}

	@Override
	public List<String> getElementIds() {
		return List.of(this.elementId);
	}

}
