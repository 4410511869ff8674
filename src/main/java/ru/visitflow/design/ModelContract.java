package ru.visitflow.design;

import java.util.Set;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;

/**
 * What Java relies on in one process model, beyond the rules every guarded model follows.
 * A Spring bean per process key; a guarded process without a contract gets the general
 * rules only.
 */
public interface ModelContract {

	String processKey();

	/**
	 * Variables a timer may name as {@code ${variable}}; literal ISO-8601 values are
	 * always understood.
	 */
	Set<String> timerVariables();

	void check(BpmnModelInstance model, Process process, ModelFindings findings);

}
