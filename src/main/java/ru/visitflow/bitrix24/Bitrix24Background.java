package ru.visitflow.bitrix24;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

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
import ru.visitflow.company.CompanyOpeningHours;
import ru.visitflow.system.cluster.ClusterLeases;

/**
 * The background work with Bitrix24 that is not lifecycle sync: the stage check and the
 * first company import after start, the event inbox every second, reconciliation on its
 * interval. Off when the sync is off ({@code visitflow.bitrix24.sync.enabled=false}, as
 * in most tests, which call the parts directly) and when there is no portal (no webhook
 * URL and the sandbox off), which is said once in the log after start.
 * <p>
 * In a cluster the first import and reconciliation run on one node at a time (a lease in
 * the database); the inbox runs on every node, each event claimed by one of them, so
 * intake grows with the nodes.
 */
@Component
class Bitrix24Background {

	private static final Logger logger = LoggerFactory.getLogger(Bitrix24Background.class);

	static final String FIRST_IMPORT = "bitrix24-first-company-import";

	static final String RECONCILIATION = "bitrix24-reconciliation";

	private final Bitrix24Properties properties;

	private final StageMap stageMap;

	private final CompanySync companies;

	private final CompanyMirror mirror;

	private final InboxProcessor inbox;

	private final Reconciliation reconciliation;

	private final ExecutorService reconciler = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "bitrix24-reconciliation");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean reconciling = new AtomicBoolean();

	private final ClusterLeases leases;

	private final CompanyOpeningHours openingHours;

	Bitrix24Background(Bitrix24Properties properties, StageMap stageMap, CompanySync companies, CompanyMirror mirror,
			InboxProcessor inbox, Reconciliation reconciliation, ClusterLeases leases,
			CompanyOpeningHours openingHours) {
		this.leases = leases;
		this.openingHours = openingHours;
		this.properties = properties;
		this.stageMap = stageMap;
		this.companies = companies;
		this.mirror = mirror;
		this.inbox = inbox;
		this.reconciliation = reconciliation;
	}

	/** Says at start which portal Visitflow talks to, and loudly when there is none. */
	@EventListener(ApplicationReadyEvent.class)
	public void announcePortal() {
		if (this.properties.hasPortal()) {
			logger.info("Bitrix24 portal: {}", this.properties.portalDescription());
		}
		else {
			logger.warn("No Bitrix24 portal: BITRIX24_WEBHOOK_URL is not set and the built-in sandbox is off "
					+ "(visitflow.bitrix24.sandbox.enabled). Nothing is synced and no Bitrix24 event is accepted; "
					+ "visits still run their lifecycle and their syncs wait for a portal.");
		}
	}

	/**
	 * After start, without holding it up: check the stages, and mirror the companies
	 * once.
	 */
	@Async
	@EventListener(ApplicationReadyEvent.class)
	public void afterStart() {
		if (!this.properties.syncs()) {
			return;
		}
		this.stageMap.resolved();
		try {
			this.companies.checkFields();
		}
		catch (RuntimeException ex) {
			logger.warn("The company field check with Bitrix24 failed: {}", ex.getMessage());
		}
		try {
			// nodes started together on an empty database: one imports, the others find
			// the mirror filled later
			if (this.mirror.companyCount() == 0 && this.leases.tryAcquire(FIRST_IMPORT, Duration.ofMinutes(30))) {
				try {
					this.companies.importAll();
				}
				finally {
					this.leases.release(FIRST_IMPORT);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("The first company import from Bitrix24 failed ({}); reconciliation will fill the mirror",
					ex.getMessage());
		}
		writePendingOpeningHours();
	}

	@Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT5S")
	void processInbox() {
		if (this.properties.syncs()) {
			this.inbox.processPending();
		}
	}

	/**
	 * Reconciliation reads pages at the portal's pace and may take a while: it runs on a
	 * thread of its own, so the inbox, on the scheduler's thread, is never held up behind
	 * it; a round still running is not doubled.
	 */
	@Scheduled(fixedDelayString = "${visitflow.bitrix24.reconciliation.interval}",
			initialDelayString = "${visitflow.bitrix24.reconciliation.interval}")
	void reconcile() {
		if (this.properties.syncs() && this.properties.reconciliation().enabled()
				&& this.stageMap.resolved().isPresent() && this.reconciling.compareAndSet(false, true)) {
			// once per interval for the whole cluster: the node that ran it holds the
			// lease for most of the
			// interval; another node takes over when it stops running it
			if (!this.leases.tryAcquire(RECONCILIATION,
					this.properties.reconciliation().interval().multipliedBy(9).dividedBy(10))) {
				this.reconciling.set(false);
				return;
			}
			this.reconciler.execute(() -> {
				try {
					this.reconciliation.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Reconciliation with Bitrix24 failed: {}", ex.getMessage());
				}
				finally {
					writePendingOpeningHours();
					this.reconciling.set(false);
				}
			});
		}
	}

	/**
	 * Opening hours entered in Visitflow that did not reach the card yet (Bitrix24 was
	 * down, or they were kept by Visitflow before the card became their source).
	 */
	private void writePendingOpeningHours() {
		try {
			int written = this.openingHours.retryPending();
			if (written > 0) {
				logger.info("Wrote {} companies' pending opening hours to Bitrix24", written);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Writing pending opening hours to Bitrix24 failed: {}", ex.getMessage());
		}
	}

	@PreDestroy
	void stop() {
		this.reconciler.shutdownNow();
	}

}
