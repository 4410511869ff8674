package ru.visitflow.design;

/**
 * What a model may refer to: forms and decisions in the same deployment or deployed
 * before.
 */
interface DeployedDefinitions {

	boolean formInThisDeployment(String key);

	boolean formDeployed(String key, Integer version);

	boolean decisionInThisDeployment(String key);

	boolean decisionDeployed(String key);

}
