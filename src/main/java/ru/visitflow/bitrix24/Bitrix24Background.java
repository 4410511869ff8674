package ru.visitflow.bitrix24;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.company.CompanySync;
import ru.visitflow.bitrix24.inbound.InboxProcessor;
import ru.visitflow.bitrix24.inbound.Reconciliation;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.company.CompanyMirror;

/**
 * The background work with Bitrix24 that is not lifecycle sync: the stage check and the first company import
 * after start, the event inbox every second, reconciliation on its interval. Off when the sync is off
 * ({@code visitflow.bitrix24.sync.enabled=false}, as in most tests, which call the parts directly).
 */
@Component
class Bitrix24Background {

	private static final Logger logger = LoggerFactory.getLogger(Bitrix24Background.class);

	private final Bitrix24Properties properties;

	private final StageMap stageMap;

	private final CompanySync companies;

	private final CompanyMirror mirror;

	private final InboxProcessor inbox;

	private final Reconciliation reconciliation;

	Bitrix24Background(Bitrix24Properties properties, StageMap stageMap, CompanySync companies,
			CompanyMirror mirror, InboxProcessor inbox, Reconciliation reconciliation) {
		this.properties = properties;
		this.stageMap = stageMap;
		this.companies = companies;
		this.mirror = mirror;
		this.inbox = inbox;
		this.reconciliation = reconciliation;
	}

	/** After start, without holding it up: check the stages, and mirror the companies once. */
	@Async
	@EventListener(ApplicationReadyEvent.class)
	public void afterStart() {
		if (!this.properties.sync().enabled()) {
			return;
		}
		this.stageMap.resolved();
		try {
			if (this.mirror.companyCount() == 0) {
				this.companies.importAll();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("The first company import from Bitrix24 failed ({}); reconciliation will fill the mirror",
					ex.getMessage());
		}
	}

	@Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT5S")
	void processInbox() {
		if (this.properties.sync().enabled()) {
			this.inbox.processPending();
		}
	}

	@Scheduled(fixedDelayString = "${visitflow.bitrix24.reconciliation.interval}",
			initialDelayString = "${visitflow.bitrix24.reconciliation.interval}")
	void reconcile() {
		if (this.properties.sync().enabled() && this.properties.reconciliation().enabled()
				&& this.stageMap.resolved().isPresent()) {
			try {
				this.reconciliation.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Reconciliation with Bitrix24 failed: {}", ex.getMessage());
			}
		}
	}

}
