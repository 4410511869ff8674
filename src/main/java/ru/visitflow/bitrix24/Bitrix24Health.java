package ru.visitflow.bitrix24;

import org.camunda.bpm.engine.ExternalTaskService;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.company.CompanySync;
import ru.visitflow.bitrix24.inbound.InboxProcessor;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.visit.process.LifecycleModel;

/**
 * Bitrix24 as health sees it: whether the stage mapping is confirmed, how many syncs wait
 * and how many became incidents. Bitrix24 being down never makes Visitflow unhealthy (the
 * lifecycle goes on), so this reports UNKNOWN rather than DOWN.
 */
@Component("bitrix24HealthIndicator")
class Bitrix24Health implements HealthIndicator {

	private final StageMap stageMap;

	private final ExternalTaskService externalTasks;

	private final InboxProcessor inbox;

	private final Bitrix24Properties properties;

	private final CompanySync companies;

	Bitrix24Health(StageMap stageMap, ExternalTaskService externalTasks, InboxProcessor inbox,
			Bitrix24Properties properties, CompanySync companies) {
		this.companies = companies;
		this.stageMap = stageMap;
		this.externalTasks = externalTasks;
		this.inbox = inbox;
		this.properties = properties;
	}

	@Override
	public Health health() {
		long waiting = this.externalTasks.createExternalTaskQuery()
			.topicName(LifecycleModel.TOPIC_VISIT_ITEM)
			.notLocked()
			.count()
				+ this.externalTasks.createExternalTaskQuery()
					.topicName(LifecycleModel.TOPIC_CALENDAR_EVENT)
					.notLocked()
					.count();
		long incidents = this.externalTasks.createExternalTaskQuery().noRetriesLeft().count();
		if (!this.properties.hasPortal()) {
			return Health.unknown()
				.withDetail("portal", this.properties.portalDescription())
				.withDetail("problem", "no Bitrix24 portal: set BITRIX24_WEBHOOK_URL; nothing is synced until then")
				.withDetail("syncsWaiting", waiting)
				.build();
		}
		Health.Builder health = (this.stageMap.problem() == null) ? Health.up() : Health.unknown();
		health.withDetail("portal", this.properties.portalDescription())
			.withDetail("syncsWaiting", waiting)
			.withDetail("syncIncidents", incidents)
			.withDetail("eventsWaiting", this.inbox.pendingCount());
		if (this.stageMap.problem() != null) {
			health.withDetail("problem", this.stageMap.problem());
		}
		if (this.companies.fieldProblem() != null) {
			health.withDetail("companyFieldsProblem", this.companies.fieldProblem());
		}
		return health.build();
	}

}
