package ru.visitflow.bitrix24.inbound;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.client.Bitrix24Exception;
import ru.visitflow.bitrix24.client.OperationTimeLimitException;
import ru.visitflow.bitrix24.company.CompanySync;
import ru.visitflow.bitrix24.outbound.SyncStateRepository;

/**
 * Handles stored Bitrix24 events; a failure is retried on the next rounds. Item events
 * are not read one by one: the items of up to 50 events are read with one
 * {@code crm.item.list}, several events of one item take one read, and events that can
 * carry nothing new are recognised without a call (the creation of an item that already
 * has its visit; any change that arrived before Visitflow last read the item and acted on
 * it). A person's change the sync found right before its own write goes first, then
 * events likely to be people's changes, then the others, then the likely echoes of
 * Visitflow's own writes. A method paused by its operating limit parks only the events
 * that need it, until its reset.
 * <p>
 * Each node claims a batch at a time ({@code visitflow.bitrix24.inbox.batch-size}, rows
 * another node holds are skipped) and hands its items to a small pool of worker threads
 * ({@code visitflow.bitrix24.inbox.workers}): one item's events stay on one thread in
 * their order, different items run in parallel, each start or change in its own
 * transaction, and no Bitrix24 call is made inside one.
 */
@Component
public class InboxProcessor {

	private static final Logger logger = LoggerFactory.getLogger(InboxProcessor.class);

	/** How long one call of {@link #processPending()} takes new batches. */
	private static final Duration ROUND_TIME = Duration.ofSeconds(10);

	/** Items per read: one list page. */
	private static final int READ = 50;

	/**
	 * An event that arrives this soon after Visitflow wrote its item is likely the echo
	 * of that write.
	 */
	private static final Duration ECHO_WINDOW = Duration.ofSeconds(60);

	/**
	 * A person's change the sync found on an item right before its own write; the payload
	 * is the item.
	 */
	static final String HAND_CHANGE = "VISITFLOW_HAND_CHANGE";

	private static final String ITEM_ADD = "ONCRMDYNAMICITEMADD";

	private static final String ITEM_UPDATE = "ONCRMDYNAMICITEMUPDATE";

	private final Bitrix24Inbox inbox;

	private final InboundVisits visits;

	private final CompanySync companies;

	private final ObjectMapper json;

	private final SyncStateRepository states;

	private final InboxProperties properties;

	private final ExecutorService workers;

	InboxProcessor(Bitrix24Inbox inbox, InboundVisits visits, CompanySync companies, ObjectMapper json,
			SyncStateRepository states, InboxProperties properties) {
		this.inbox = inbox;
		this.visits = visits;
		this.companies = companies;
		this.json = json;
		this.states = states;
		this.properties = properties;
		AtomicInteger threads = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(properties.workers(), (runnable) -> {
			Thread thread = new Thread(runnable, "bitrix24-inbox-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@PreDestroy
	void stop() {
		this.workers.shutdownNow();
	}

	/**
	 * Handles what waits, batch after batch while full batches come, for at most
	 * {@link #ROUND_TIME} so that the scheduler's other work is not held up (the next
	 * round follows a second later); returns how many events were handled successfully.
	 */
	public int processPending() {
		int total = 0;
		long until = System.nanoTime() + ROUND_TIME.toNanos();
		while (true) {
			List<Bitrix24Inbox.Entry> batch = this.inbox.claimBatch(this.properties.batchSize(),
					this.properties.claimDuration());
			if (batch.isEmpty()) {
				return total;
			}
			total += processBatch(batch);
			if (batch.size() < this.properties.batchSize() || System.nanoTime() > until) {
				return total;
			}
		}
	}

	/** One claimed batch, its independent parts handled by the worker threads. */
	private int processBatch(List<Bitrix24Inbox.Entry> batch) {
		AtomicInteger handled = new AtomicInteger();
		Map<Long, List<Bitrix24Inbox.Entry>> byItem = new LinkedHashMap<>();
		Map<Long, List<Bitrix24Inbox.Entry>> snapshots = new LinkedHashMap<>();
		Map<Long, List<Bitrix24Inbox.Entry>> others = new LinkedHashMap<>();
		for (Bitrix24Inbox.Entry entry : batch) {
			if (snapshot(entry).isPresent()) {
				snapshots.computeIfAbsent(entry.entityId(), (id) -> new ArrayList<>()).add(entry);
			}
			else if (ITEM_ADD.equals(entry.event()) || ITEM_UPDATE.equals(entry.event())) {
				byItem.computeIfAbsent(entry.entityId(), (id) -> new ArrayList<>()).add(entry);
			}
			else {
				others.computeIfAbsent(entry.entityId(), (id) -> new ArrayList<>()).add(entry);
			}
		}
		// 1. people's changes the sync found right before its own write: no read needed,
		// and first (one item's in their order, items in parallel)
		inParallel(snapshots.values()
			.stream()
			.map((entries) -> (Runnable) () -> entries.forEach((entry) -> run(entry,
					() -> this.visits.itemChanged(snapshot(entry).orElseThrow(), false), handled)))
			.toList());
		// 2. what needs no call, and the order of the rest: likely people's changes
		// before likely echoes
		Map<Long, SyncStateRepository.ItemCheck> checks = this.states.checks(byItem.keySet());
		List<Long> people = new ArrayList<>();
		List<Long> echoes = new ArrayList<>();
		byItem.forEach((itemId, entries) -> {
			SyncStateRepository.ItemCheck check = checks.get(itemId);
			List<Bitrix24Inbox.Entry> left = new ArrayList<>();
			for (Bitrix24Inbox.Entry entry : entries) {
				Optional<String> known = knownWithoutACall(entry, check);
				if (known.isPresent()) {
					logger.info("Bitrix24 event {} for item {} taken for Visitflow's own or known: {}", entry.event(),
							itemId, known.get());
					this.inbox.processed(entry.id());
					handled.incrementAndGet();
				}
				else {
					left.add(entry);
				}
			}
			entries.retainAll(left);
			if (left.isEmpty()) {
				return;
			}
			boolean likelyEcho = check != null && check.writtenAt() != null
					&& left.stream()
						.allMatch((entry) -> !entry.receivedAt().isBefore(check.writtenAt())
								&& entry.receivedAt().isBefore(check.writtenAt().plus(ECHO_WINDOW)));
			(likelyEcho ? echoes : people).add(itemId);
		});
		readAndHandle(people, byItem, handled);
		inParallel(others.values()
			.stream()
			.map((entries) -> (Runnable) () -> entries.forEach((entry) -> run(entry, () -> handle(entry), handled)))
			.toList());
		readAndHandle(echoes, byItem, handled);
		return handled.get();
	}

	/**
	 * Runs the tasks on the worker threads and waits for all of them; each task records
	 * its own outcome in the inbox.
	 */
	private void inParallel(List<Runnable> tasks) {
		join(tasks.stream().map((task) -> CompletableFuture.runAsync(task, this.workers)).toList());
	}

	private static void join(List<CompletableFuture<Void>> futures) {
		for (CompletableFuture<Void> future : futures) {
			try {
				future.join();
			}
			catch (CompletionException | CancellationException ex) {
				// the task recorded its event's failure itself; a pool shut down on stop
				// leaves the event claimed until its claim expires
				logger.warn("An inbox worker stopped: {}", ex.getMessage());
			}
		}
	}

	public long pendingCount() {
		return this.inbox.pendingCount();
	}

	/**
	 * Why an item event can carry nothing Visitflow does not know, if it cannot: the
	 * creation of an item that has its visit already (a later change brings its own
	 * event), or a change that arrived before Visitflow last read the item and acted on
	 * what it showed.
	 */
	private Optional<String> knownWithoutACall(Bitrix24Inbox.Entry entry, SyncStateRepository.ItemCheck check) {
		if (ITEM_ADD.equals(entry.event()) && this.visits.hasVisit(entry.entityId())) {
			return Optional.of("the item's creation is known (it has its visit)");
		}
		if (check != null && check.checkedAt() != null && entry.receivedAt().isBefore(check.checkedAt())) {
			return Optional.of("it arrived before Visitflow read the item at " + check.checkedAt());
		}
		return Optional.empty();
	}

	/**
	 * Reads the items 50 at a time and acts on each, items in parallel on the worker
	 * threads while the next 50 are read; every event of an item is settled by that one
	 * read.
	 */
	private void readAndHandle(List<Long> itemIds, Map<Long, List<Bitrix24Inbox.Entry>> byItem, AtomicInteger handled) {
		List<Runnable> marks = new ArrayList<>();
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (int from = 0; from < itemIds.size(); from += READ) {
			List<Long> part = itemIds.subList(from, Math.min(itemIds.size(), from + READ));
			Instant readAt = Instant.now();
			Map<Long, JsonNode> items;
			try {
				items = this.visits.readItems(part);
			}
			catch (OperationTimeLimitException ex) {
				part.forEach((itemId) -> byItem.get(itemId).forEach((entry) -> park(entry, ex)));
				continue;
			}
			catch (Bitrix24Exception ex) {
				part.forEach((itemId) -> byItem.get(itemId).forEach((entry) -> failed(entry, ex)));
				continue;
			}
			List<Long> done = Collections.synchronizedList(new ArrayList<>());
			List<CompletableFuture<Void>> partRunning = new ArrayList<>();
			for (Long itemId : part) {
				List<Bitrix24Inbox.Entry> entries = byItem.get(itemId);
				JsonNode item = items.get(itemId);
				if (item == null) {
					// deleted (its delete event settles the visit) or in a pipeline
					// Visitflow cannot read
					entries
						.forEach((entry) -> this.inbox.ignored(entry.id(), "item " + itemId + " is not in Bitrix24"));
					continue;
				}
				partRunning.add(CompletableFuture.runAsync(() -> {
					boolean ok = run(entries.get(0), () -> this.visits.itemChanged(item), handled);
					for (Bitrix24Inbox.Entry entry : entries.subList(1, entries.size())) {
						if (ok) {
							this.inbox.processed(entry.id());
							handled.incrementAndGet();
						}
						else {
							this.inbox.failed(entry.id(), entry.attempts(),
									"handled with an earlier event of the item");
						}
					}
					if (ok) {
						done.add(itemId);
					}
				}, this.workers));
			}
			running.addAll(partRunning);
			marks.add(() -> {
				join(partRunning);
				this.states.markChecked(new ArrayList<>(done), readAt);
			});
		}
		marks.forEach(Runnable::run);
		join(running);
	}

	/** Handles one event and records what became of it; true when it is done. */
	private boolean run(Bitrix24Inbox.Entry entry, Runnable action, AtomicInteger handled) {
		try {
			action.run();
			this.inbox.processed(entry.id());
			handled.incrementAndGet();
			return true;
		}
		catch (IgnoredEvent ex) {
			logger.warn("Bitrix24 event {} {} ignored: {}", entry.event(), entry.entityId(), ex.getMessage());
			this.inbox.ignored(entry.id(), ex.getMessage());
			return true;
		}
		catch (OperationTimeLimitException ex) {
			park(entry, ex);
			return false;
		}
		catch (Bitrix24Exception ex) {
			if (ex.isRefusal()) {
				// Bitrix24 says no (the item is gone, an invalid request): asking again
				// changes nothing
				logger.warn("Bitrix24 event {} {} ignored, Bitrix24 refused: {}", entry.event(), entry.entityId(),
						ex.getMessage());
				this.inbox.ignored(entry.id(), ex.getMessage());
				return true;
			}
			failed(entry, ex);
			return false;
		}
		catch (RuntimeException ex) {
			failed(entry, ex);
			return false;
		}
	}

	/**
	 * Not the event's fault: it waits for the method's reset without using up an attempt.
	 */
	private void park(Bitrix24Inbox.Entry entry, OperationTimeLimitException ex) {
		Instant until = (ex.resetAt() != null) ? ex.resetAt() : Instant.now().plusSeconds(60);
		this.inbox.park(entry.id(), until, ex.getMessage());
	}

	private void failed(Bitrix24Inbox.Entry entry, RuntimeException ex) {
		this.inbox.failed(entry.id(), entry.attempts(), ex.getMessage());
		if (entry.attempts() + 1 >= Bitrix24Inbox.MAX_ATTEMPTS) {
			logger.error("Bitrix24 event {} {} set aside after {} attempts: {}", entry.event(), entry.entityId(),
					Bitrix24Inbox.MAX_ATTEMPTS, ex.getMessage());
		}
		else {
			logger.warn("Bitrix24 event {} {} failed, will retry: {}", entry.event(), entry.entityId(),
					ex.getMessage());
		}
	}

	private void handle(Bitrix24Inbox.Entry entry) {
		switch (entry.event()) {
			case ITEM_ADD, ITEM_UPDATE -> this.visits.itemChanged(entry.entityId());
			case "ONCRMDYNAMICITEMDELETE" -> this.visits.itemDeleted(entry.entityId());
			case "ONCRMCOMPANYADD", "ONCRMCOMPANYUPDATE" -> this.companies.refresh(entry.entityId());
			case Bitrix24EventController.BP_CREATE_VISIT -> {
				Map<String, String> request = read(entry.payload());
				this.visits.createForCompany(request.get("document"), entry.entityId(), request);
			}
			default -> logger.info("Ignoring Bitrix24 event {}", entry.event());
		}
	}

	/**
	 * The item as the sync read it right before its write, for a change it found there.
	 */
	private Optional<JsonNode> snapshot(Bitrix24Inbox.Entry entry) {
		if (!HAND_CHANGE.equals(entry.event()) || entry.payload() == null) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(this.json.readTree(entry.payload())).filter(JsonNode::isObject);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private Map<String, String> read(String payload) {
		try {
			return this.json.readValue(payload, new TypeReference<Map<String, String>>() {
			});
		}
		catch (IOException ex) {
			throw new IgnoredEvent("unreadable business-process request: " + ex.getMessage());
		}
	}

}
