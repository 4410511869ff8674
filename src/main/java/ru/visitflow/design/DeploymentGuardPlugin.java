package ru.visitflow.design;

import java.util.ArrayList;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Installs the {@link DeploymentGuard} in the engine, ahead of the engine's own
 * deployers.
 */
@Component
class DeploymentGuardPlugin extends AbstractProcessEnginePlugin {

	private final ModelGuard guard;

	private final MessageSource messages;

	private final DesignProperties properties;

	DeploymentGuardPlugin(ModelGuard guard, MessageSource messages, DesignProperties properties) {
		this.guard = guard;
		this.messages = messages;
		this.properties = properties;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.getCustomPreDeployers() == null) {
			configuration.setCustomPreDeployers(new ArrayList<>());
		}
		configuration.getCustomPreDeployers().add(new DeploymentGuard(this.guard, this.messages, this.properties));
	}

}
