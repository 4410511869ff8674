package ru.visitflow.bitrix24.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.client.Bitrix24Exception;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.system.Backoff;
import ru.visitflow.visit.process.LifecycleModel;

/**
 * Works the lifecycle's Bitrix24 topics: fetches the waiting external tasks in bulk,
 * syncs their visits in {@code batch} calls, and completes each task or reports its
 * failure. A failure is retried with a doubling pause and, when the retries run out (at
 * once for access problems), becomes an incident in Cockpit whose message is Bitrix24's
 * answer; "Increment retries" in Cockpit sends it round again. An incident that was not
 * Bitrix24's refusal (an outage, a timeout) is sent round again by itself once Bitrix24
 * answers a probe ({@code visitflow.bitrix24.sync.incident-retry}).
 */
@Component
public class VisitSyncWorker implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(VisitSyncWorker.class);

	/**
	 * The last line of the details of a failure that was not Bitrix24's refusal: its
	 * incident is sent round again once Bitrix24 answers.
	 */
	static final String AUTOMATIC_RETRY = "Retried automatically once Bitrix24 answers again.";

	/** Camunda keeps at most this many characters of an external task's error message. */
	private static final int MAX_ERROR_MESSAGE = 600;

	private final ExternalTaskService externalTasks;

	private final VisitSync sync;

	private final Bitrix24 bitrix24;

	private volatile Instant nextIncidentRetry = Instant.now();

	private final Bitrix24Properties properties;

	/**
	 * The pause before the next attempt of a failed task: the configured one, doubling,
	 * at most an hour.
	 */
	private final Backoff backoff;

	/**
	 * Visits synced per round: their commands fill about one batch of 50 (one command
	 * reads the items first).
	 */
	private static final int VISITS_PER_ROUND = 49;

	private final String workerId = "visitflow-" + UUID.randomUUID().toString().substring(0, 8);

	private final ExecutorService reporter = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "bitrix24-sync-report");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean running;

	private ExecutorService thread;

	VisitSyncWorker(ExternalTaskService externalTasks, VisitSync sync, Bitrix24 bitrix24,
			Bitrix24Properties properties) {
		this.externalTasks = externalTasks;
		this.sync = sync;
		this.bitrix24 = bitrix24;
		this.properties = properties;
		this.backoff = Backoff.doubling(properties.sync().retryBackoff(), Duration.ofHours(1));
	}

	/**
	 * One round: fetch what waits, sync it, report back. Returns how many tasks were
	 * handled, so the loop can rest when there was nothing.
	 */
	public int syncOnce() {
		long lock = this.properties.sync().lockDuration().toMillis();
		List<LockedExternalTask> tasks = this.externalTasks
			.fetchAndLock(this.properties.sync().batchSize(), this.workerId)
			.topic(LifecycleModel.TOPIC_VISIT_ITEM, lock)
			.variables(LifecycleModel.VISIT_ID)
			.topic(LifecycleModel.TOPIC_CALENDAR_EVENT, lock)
			.variables(LifecycleModel.VISIT_ID)
			.execute();
		if (tasks.isEmpty()) {
			return 0;
		}
		Map<UUID, List<LockedExternalTask>> byVisit = new LinkedHashMap<>();
		for (LockedExternalTask task : tasks) {
			Object visitId = task.getVariables().get(LifecycleModel.VISIT_ID);
			byVisit.computeIfAbsent(UUID.fromString(visitId.toString()), (id) -> new ArrayList<>()).add(task);
		}
		// visits go out in groups of one batch each; while a group waits for the rate
		// limiter, the previous
		// group's tasks are completed on the reporter thread, so completions cost no
		// throughput
		List<UUID> visitIds = new ArrayList<>(byVisit.keySet());
		List<Future<?>> reports = new ArrayList<>();
		for (int from = 0; from < visitIds.size(); from += VISITS_PER_ROUND) {
			List<UUID> group = visitIds.subList(from, Math.min(visitIds.size(), from + VISITS_PER_ROUND));
			Map<UUID, VisitSync.Outcome> outcomes = syncGroup(group);
			reports.add(this.reporter.submit(() -> group.forEach((id) -> report(byVisit.get(id), outcomes.get(id)))));
		}
		for (Future<?> report : reports) {
			try {
				report.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (ExecutionException ex) {
				logger.warn("Reporting Bitrix24 sync results failed: {}", ex.getCause().getMessage());
			}
		}
		return tasks.size();
	}

	private Map<UUID, VisitSync.Outcome> syncGroup(List<UUID> group) {
		try {
			return this.sync.sync(group);
		}
		catch (RuntimeException ex) {
			logger.error("Bitrix24 sync of {} visits failed", group.size(), ex);
			Map<UUID, VisitSync.Outcome> failed = new LinkedHashMap<>();
			group.forEach((id) -> failed.put(id,
					VisitSync.Outcome.failed("Visitflow could not sync: " + ex.getMessage(), false)));
			return failed;
		}
	}

	private void report(List<LockedExternalTask> tasks, VisitSync.Outcome outcome) {
		VisitSync.Outcome result = (outcome != null) ? outcome : VisitSync.Outcome.OK;
		for (LockedExternalTask task : tasks) {
			String error = LifecycleModel.TOPIC_CALENDAR_EVENT.equals(task.getTopicName()) ? result.calendarError()
					: result.itemError();
			report(task, error, result);
		}
	}

	private void report(LockedExternalTask task, String error, VisitSync.Outcome outcome) {
		boolean permanent = outcome.permanent();
		try {
			if (error == null) {
				this.externalTasks.complete(task.getId(), this.workerId);
				return;
			}
			if (outcome.busy()) {
				// another worker is on this visit right now: back soon, and it costs no
				// attempt
				this.externalTasks.handleFailure(task.getId(), this.workerId, error, null,
						(task.getRetries() == null) ? this.properties.sync().retries() : task.getRetries(),
						this.properties.sync().pollInterval().toMillis());
				return;
			}
			if (outcome.retryAt() != null && !permanent) {
				// a method it needs is paused by its operating limit: parked until the
				// reset, no retry used up
				String shortError = (error.length() > MAX_ERROR_MESSAGE) ? error.substring(0, MAX_ERROR_MESSAGE)
						: error;
				int keep = (task.getRetries() == null) ? this.properties.sync().retries() : task.getRetries();
				long wait = Math.max(1_000, Duration.between(Instant.now(), outcome.retryAt()).toMillis());
				this.externalTasks.handleFailure(task.getId(), this.workerId, shortError, error, keep, wait);
				return;
			}
			int retries = (task.getRetries() == null) ? this.properties.sync().retries() : task.getRetries() - 1;
			if (permanent) {
				retries = 0;
			}
			int attempt = Math.max(0, this.properties.sync().retries() - retries);
			long backoff = this.backoff.after(attempt + 1).toMillis();
			String message = (error.length() > MAX_ERROR_MESSAGE) ? error.substring(0, MAX_ERROR_MESSAGE) : error;
			String details = permanent ? error : error + "\n" + AUTOMATIC_RETRY;
			this.externalTasks.handleFailure(task.getId(), this.workerId, message, details, Math.max(retries, 0),
					backoff);
			if (retries <= 0) {
				logger.error("Bitrix24 sync of visit {} ({}) became an incident: {}",
						task.getVariables().get(LifecycleModel.VISIT_ID), task.getTopicName(), message);
			}
		}
		catch (RuntimeException ex) {
			// the lock expired and another node has the task now; it will converge on its
			// own
			logger.warn("Could not report external task {}: {}", task.getId(), ex.getMessage());
		}
	}

	/**
	 * Sends the incidents of failures that were not Bitrix24's refusal (an outage, a
	 * timeout, a lost answer) round again, once one probe shows Bitrix24 answers: an
	 * outage leaves no incident behind. A refusal stays an incident for a person to look
	 * at.
	 * @return how many incidents were sent round again
	 */
	public int retryIncidents() {
		List<String> ids = new ArrayList<>();
		for (String topic : List.of(LifecycleModel.TOPIC_VISIT_ITEM, LifecycleModel.TOPIC_CALENDAR_EVENT)) {
			for (ExternalTask task : this.externalTasks.createExternalTaskQuery()
				.topicName(topic)
				.noRetriesLeft()
				.list()) {
				String details = this.externalTasks.getExternalTaskErrorDetails(task.getId());
				if (details != null && details.endsWith(AUTOMATIC_RETRY)) {
					ids.add(task.getId());
				}
			}
		}
		if (ids.isEmpty()) {
			return 0;
		}
		try {
			this.bitrix24.call("user.current", Map.of());
		}
		catch (Bitrix24Exception ex) {
			logger.debug("Bitrix24 does not answer yet ({}); {} sync incidents wait", ex.getMessage(), ids.size());
			return 0;
		}
		this.externalTasks.setRetries(ids, this.properties.sync().retries());
		logger.info("Bitrix24 answers again: {} sync incidents of an outage sent round again", ids.size());
		return ids.size();
	}

	private void retryIncidentsWhenDue() {
		if (Instant.now().isBefore(this.nextIncidentRetry)) {
			return;
		}
		this.nextIncidentRetry = Instant.now().plus(this.properties.sync().incidentRetry());
		try {
			retryIncidents();
		}
		catch (RuntimeException ex) {
			logger.warn("Sending sync incidents round again failed: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		if (!this.properties.syncs()) {
			return;
		}
		this.running = true;
		this.thread = Executors.newSingleThreadExecutor((runnable) -> {
			Thread worker = new Thread(runnable, "bitrix24-sync");
			worker.setDaemon(true);
			return worker;
		});
		this.thread.submit(this::loop);
		logger.info("Bitrix24 sync worker {} started", this.workerId);
	}

	private void loop() {
		while (this.running) {
			int handled = 0;
			try {
				retryIncidentsWhenDue();
				handled = syncOnce();
			}
			catch (RuntimeException ex) {
				logger.warn("Bitrix24 sync round failed: {}", ex.getMessage());
			}
			if (handled == 0) {
				try {
					Thread.sleep(this.properties.sync().pollInterval().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// after the web server, which serves the sandbox in the embedded default
		return Integer.MAX_VALUE - 100;
	}

}
