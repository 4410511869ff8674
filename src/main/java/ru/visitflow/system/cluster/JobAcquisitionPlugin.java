package ru.visitflow.system.cluster;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.stereotype.Component;

/** Applies {@link JobAcquisitionProperties} to the engine before it starts. */
@Component
class JobAcquisitionPlugin extends AbstractProcessEnginePlugin {

	private final JobAcquisitionProperties properties;

	JobAcquisitionPlugin(JobAcquisitionProperties properties) {
		this.properties = properties;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setJobExecutorPreferTimerJobs(this.properties.preferTimerJobs());
		configuration.setJobExecutorAcquireByDueDate(this.properties.acquireByDueDate());
		configuration.setJobExecutorAcquireByPriority(this.properties.acquireByPriority());
	}

}
