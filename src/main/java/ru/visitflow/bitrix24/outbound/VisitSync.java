package ru.visitflow.bitrix24.outbound;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import ru.visitflow.bitrix24.client.BatchCommand;
import ru.visitflow.bitrix24.client.BatchResponse;
import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.client.Bitrix24ApiException;
import ru.visitflow.bitrix24.client.Bitrix24Error;
import ru.visitflow.bitrix24.client.Bitrix24ErrorCode;
import ru.visitflow.bitrix24.client.Bitrix24Exception;
import ru.visitflow.bitrix24.client.OperationTimeLimitException;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.ItemFields;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.bitrix24.wire.Bitrix24Time;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.NotFoundException;
import ru.visitflow.visit.Attachment;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAttachments;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/**
 * Brings Bitrix24 to each visit's current state: the smart-process item (created once,
 * then its stage and fields), the rep's calendar event (created, moved, closed on cancel)
 * and the result on the item's timeline. Commands for many visits go out as {@code batch}
 * calls of up to 50. Convergent: the visit's sync row is claimed with a lease (one writer
 * per visit across nodes), Bitrix24 is called with no database transaction open and no
 * row locked, and the row is written back only by the lease holder and only with a state
 * at least as new as the recorded one, so whatever the order of retries, the last write
 * is the current state.
 * <p>
 * An item update sends only the fields that differ from what Visitflow wrote last or saw
 * on the item (its baseline, {@link ItemValues}): a write never touches what nobody
 * changed, and a title a person gave stays. Each batch first reads the items it updates:
 * a person's change found there, which the write would cover, is handed to
 * {@link HandChanges} and applied to the visit, so no move is ever lost. An item Bitrix24
 * created is read before its first write, so its visit starts from the item's current
 * stage.
 */
@Service
public class VisitSync {

	private static final Logger logger = LoggerFactory.getLogger(VisitSync.class);

	private static final int MAX_COMMANDS = 50;

	/**
	 * Visits looked up by {@code xmlId} in one command: half a list page, so a visit with
	 * a duplicate still fits.
	 */
	private static final int LOOKUPS_PER_COMMAND = 25;

	/** Rows of one list page: the most items one read command covers. */
	private static final int PAGE = 50;

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

	/** The id of the read that goes first in a batch of item updates. */
	private static final String BEFORE = "before";

	private final Bitrix24 bitrix24;

	private final StageMap stageMap;

	private final SyncStateRepository states;

	private final VisitService visits;

	private final UserDirectory users;

	private final LifecycleProperties lifecycle;

	private final Bitrix24Properties properties;

	private final MessageSource messages;

	private final VisitAttachments attachments;

	private final CompanyMirror companies;

	private final HandChanges handChanges;

	public VisitSync(Bitrix24 bitrix24, StageMap stageMap, SyncStateRepository states, VisitService visits,
			UserDirectory users, LifecycleProperties lifecycle, Bitrix24Properties properties, MessageSource messages,
			VisitAttachments attachments, CompanyMirror companies, HandChanges handChanges) {
		this.attachments = attachments;
		this.companies = companies;
		this.handChanges = handChanges;
		this.bitrix24 = bitrix24;
		this.stageMap = stageMap;
		this.states = states;
		this.visits = visits;
		this.users = users;
		this.lifecycle = lifecycle;
		this.properties = properties;
		this.messages = messages;
	}

	/**
	 * What became of one visit's sync: null errors mean Bitrix24 shows the current state.
	 *
	 * @param permanent retrying cannot help (access denied, wrong webhook, Bitrix24
	 * refused the change): raise an incident now
	 * @param busy another worker holds the visit's lease: try again soon, without
	 * counting an attempt
	 * @param retryAt a method it needs is paused by its operating limit until then: try
	 * again at that time, without counting an attempt (not the visit's fault)
	 */
	public record Outcome(String itemError, String calendarError, boolean permanent, boolean busy, Instant retryAt) {

		static final Outcome OK = new Outcome(null, null, false, false, null);

		static final Outcome BUSY = new Outcome("being synced by another worker", "being synced by another worker",
				false, true, null);

		public Outcome(String itemError, String calendarError, boolean permanent) {
			this(itemError, calendarError, permanent, false, null);
		}

		public Outcome(String itemError, String calendarError, boolean permanent, boolean busy) {
			this(itemError, calendarError, permanent, busy, null);
		}

		static Outcome failed(String error, boolean permanent) {
			return new Outcome(error, error, permanent);
		}

		public boolean ok() {
			return this.itemError == null && this.calendarError == null;
		}

	}

	/**
	 * Syncs the visits and tells, per visit, whether the item and the calendar event are
	 * now current.
	 */
	public Map<UUID, Outcome> sync(Collection<UUID> visitIds) {
		Map<UUID, Outcome> outcomes = new LinkedHashMap<>();
		if (visitIds.isEmpty()) {
			return outcomes;
		}
		Optional<StageMap.Resolved> stages = this.stageMap.resolved();
		if (stages.isEmpty()) {
			visitIds.forEach((id) -> outcomes.put(id,
					Outcome.failed("Bitrix24 is not ready: " + this.stageMap.problem(), false)));
			return outcomes;
		}
		this.states.ensure(visitIds);
		String owner = UUID.randomUUID().toString();
		Map<UUID, SyncState> claimed = this.states.claim(visitIds, owner, this.properties.sync().lockDuration());
		Map<UUID, Long> links = new LinkedHashMap<>();
		Map<UUID, Outcome> result;
		try {
			result = syncClaimed(visitIds, claimed, owner, stages.get(), links);
		}
		finally {
			// whatever happened, no lease outlives this call (written-back rows were
			// released already)
			this.states.release(claimed.keySet(), owner);
		}
		visitIds.forEach((id) -> result.putIfAbsent(id, Outcome.BUSY));
		// each in its own short transaction, after Bitrix24 was called
		links.forEach(this.visits::linkBitrix24Item);
		return result;
	}

	/** What Bitrix24 has last been told about a visit (nothing yet: an empty state). */
	public SyncState written(UUID visitId) {
		return this.states.find(visitId).orElse(SyncState.empty(visitId));
	}

	/**
	 * Writes everything of these visits again, as after a hand-made change Visitflow does
	 * not accept.
	 */
	public Map<UUID, Outcome> resync(Collection<UUID> visitIds) {
		this.states.ensure(visitIds);
		this.states.markStale(visitIds);
		return sync(visitIds);
	}

	/**
	 * Writes the visit back over a change a person made that Visitflow does not accept:
	 * the item as read is the baseline, so only the fields that differ from the visit are
	 * written, once (the calendar is not touched).
	 */
	public Outcome resync(UUID visitId, JsonNode item) {
		Optional<StageMap.Resolved> stages = this.stageMap.resolved();
		if (stages.isEmpty()) {
			return Outcome.failed("Bitrix24 is not ready: " + this.stageMap.problem(), false);
		}
		this.states.ensure(List.of(visitId));
		SyncState state = written(visitId);
		Map<String, String> seen = ItemValues.of(item, managedFields(stages.get().fields()), stages.get().fields());
		if (!state.titleIsVisitflows()
				|| !seen.getOrDefault(ItemValues.TITLE, "").equals(state.itemFields().get(ItemValues.TITLE))) {
			seen.remove(ItemValues.TITLE);
		}
		this.states.saveItemFields(visitId, seen);
		this.states.markItemStale(visitId);
		return sync(List.of(visitId)).getOrDefault(visitId, Outcome.OK);
	}

	/**
	 * A person's change was applied to the visit: what the item shows is now known, so
	 * the sync compares with it (the title stays Visitflow's only while the item still
	 * shows Visitflow's).
	 */
	public void seen(UUID visitId, JsonNode item) {
		Optional<StageMap.Resolved> stages = this.stageMap.resolved();
		Optional<SyncState> state = this.states.find(visitId);
		if (stages.isEmpty() || state.isEmpty() || state.get().itemFields() == null) {
			return;
		}
		Map<String, String> seen = new LinkedHashMap<>(state.get().itemFields());
		Map<String, String> shown = ItemValues.of(item, managedFields(stages.get().fields()), stages.get().fields());
		boolean ownTitle = state.get().titleIsVisitflows()
				&& shown.getOrDefault(ItemValues.TITLE, "").equals(seen.get(ItemValues.TITLE));
		seen.putAll(shown);
		if (!ownTitle) {
			seen.remove(ItemValues.TITLE);
		}
		this.states.saveItemFields(visitId, seen);
	}

	/** A person gave the item a title of their own: from now on it is theirs. */
	public void titleTakenOver(UUID visitId) {
		this.states.find(visitId).filter(SyncState::titleIsVisitflows).ifPresent((state) -> {
			Map<String, String> fields = new LinkedHashMap<>(state.itemFields());
			fields.remove(ItemValues.TITLE);
			this.states.saveItemFields(visitId, fields);
		});
	}

	/** The item fields Visitflow writes, as the portal names them. */
	static List<String> managedFields(ItemFields fields) {
		List<String> names = new ArrayList<>(
				List.of(ItemValues.TITLE, ItemValues.STAGE, "companyId", "contactIds", "assignedById"));
		if (fields.beginDate()) {
			names.addAll(List.of("begindate", "closedate"));
		}
		for (ItemFields.Field field : new ItemFields.Field[] { fields.plannedStart(), fields.visitType(),
				fields.durationMinutes() }) {
			if (field != null && !names.contains(field.name())) {
				names.add(field.name());
			}
		}
		return names;
	}

	private Map<UUID, Outcome> syncClaimed(Collection<UUID> visitIds, Map<UUID, SyncState> locked, String owner,
			StageMap.Resolved stages, Map<UUID, Long> links) {
		Map<UUID, Visit> visitsById = new LinkedHashMap<>();
		Map<UUID, Outcome> outcomes = new LinkedHashMap<>();
		for (UUID id : visitIds) {
			if (!locked.containsKey(id)) {
				continue;
			}
			try {
				visitsById.put(id, this.visits.load(id));
			}
			catch (NotFoundException ex) {
				outcomes.put(id, Outcome.OK);
			}
		}
		Map<UUID, SyncState> current = new HashMap<>(locked);
		adoptKnownItems(visitsById, current, outcomes, stages, links);
		readUnknownItems(visitsById, current, outcomes, stages);
		for (int pass = 0; pass < 2; pass++) {
			List<Plan> plans = new ArrayList<>();
			int index = 0;
			for (Visit visit : visitsById.values()) {
				if (outcomes.containsKey(visit.id())) {
					continue;
				}
				Plan plan = plan(visit, current.get(visit.id()), stages, "v" + (index++) + "_");
				if (plan.settled != null) {
					// the item already shows everything: nothing to send for it
					current.put(visit.id(), plan.settled);
				}
				if (!plan.commands.isEmpty() || plan.commentWithFiles) {
					plans.add(plan);
				}
			}
			if (plans.isEmpty()) {
				break;
			}
			for (List<Plan> chunk : chunks(plans)) {
				execute(chunk, current, outcomes, links, stages);
			}
		}
		for (Visit visit : visitsById.values()) {
			outcomes.putIfAbsent(visit.id(), Outcome.OK);
			SyncState state = current.get(visit.id());
			if (!state.equals(locked.get(visit.id())) && !this.states.saveAndRelease(state, owner)) {
				// the lease ran out while Bitrix24 was busy and another worker took over:
				// what was just written
				// may be older than what it wrote, so the next sync writes everything
				// again
				logger.warn("Lost the sync lease of visit {} while Bitrix24 was being called; it is synced again",
						visit.id());
				this.states.markStale(List.of(visit.id()));
				outcomes.put(visit.id(), Outcome.failed("the sync lease ran out while Bitrix24 was called", false));
			}
		}
		return outcomes;
	}

	/**
	 * Items whose fields Visitflow does not know yet (Bitrix24 created them, or they
	 * predate the baseline) are read before the first write, in one request for up to
	 * 2,500: the visit starts from what the item shows. A person's move found there (to a
	 * success or fail stage of an open visit) is handed on and applied first; the write
	 * waits for it.
	 */
	private void readUnknownItems(Map<UUID, Visit> visitsById, Map<UUID, SyncState> current,
			Map<UUID, Outcome> outcomes, StageMap.Resolved stages) {
		Map<Long, UUID> unknown = new LinkedHashMap<>();
		for (Visit visit : visitsById.values()) {
			SyncState state = current.get(visit.id());
			if (!outcomes.containsKey(visit.id()) && state.itemId() != null && state.itemFields() == null) {
				unknown.put(state.itemId(), visit.id());
			}
		}
		if (unknown.isEmpty()) {
			return;
		}
		Instant readAt = Instant.now();
		Map<Long, JsonNode> items;
		try {
			items = readItems(unknown.keySet(), stages);
		}
		catch (Bitrix24Exception ex) {
			unknown.values().forEach((id) -> outcomes.put(id, failure(ex)));
			return;
		}
		List<String> managed = managedFields(stages.fields());
		unknown.forEach((itemId, visitId) -> {
			JsonNode item = items.get(itemId);
			if (item == null) {
				// gone from Bitrix24, or not readable: written in full as before
				current.put(visitId, current.get(visitId).withItemFields(Map.of()));
				return;
			}
			// a title the item came with is the person's: never written over
			Map<String, String> seen = ItemValues.of(item, managed, stages.fields());
			seen.remove(ItemValues.TITLE);
			current.put(visitId, current.get(visitId).withItemFields(seen));
			Visit visit = visitsById.get(visitId);
			String stageId = item.path(ItemValues.STAGE).asText("");
			if (visit.stage().isOpen() && (stages.isSuccess(stageId) || stages.isFailure(stageId))) {
				this.handChanges.found(visitId, itemId, item);
				outcomes.put(visitId, Outcome.failed(
						"the item was moved to " + stages.name(stageId) + " in Bitrix24; the visit follows it first",
						false));
			}
		});
		this.states.markChecked(unknown.keySet(), readAt);
	}

	/**
	 * The items, as {@code crm.item.list} shows them: up to 50 per command, 50 commands
	 * per request.
	 */
	Map<Long, JsonNode> readItems(Collection<Long> itemIds, StageMap.Resolved stages) {
		Map<Long, JsonNode> items = new LinkedHashMap<>();
		List<Long> ids = new ArrayList<>(itemIds);
		List<BatchCommand> reads = new ArrayList<>();
		for (int from = 0; from < ids.size(); from += PAGE) {
			reads.add(itemList("r" + reads.size(), ids.subList(from, Math.min(ids.size(), from + PAGE)), stages));
		}
		for (int from = 0; from < reads.size(); from += MAX_COMMANDS) {
			List<BatchCommand> part = reads.subList(from, Math.min(reads.size(), from + MAX_COMMANDS));
			BatchResponse response = this.bitrix24.batch(part, false);
			for (BatchCommand read : part) {
				Optional<Bitrix24Error> error = response.error(read.id());
				if (error.isPresent()) {
					if (error.get().errorCode() == Bitrix24ErrorCode.OPERATION_TIME_LIMIT) {
						throw new OperationTimeLimitException(error.get().description(), "crm.item.list",
								this.bitrix24.pausedUntil("crm.item.list").orElse(null));
					}
					throw new Bitrix24ApiException(200, error.get().code(), error.get().description(), "crm.item.list");
				}
				response.result(read.id())
					.map((result) -> result.path("items"))
					.ifPresent((rows) -> rows.forEach((row) -> items.put(row.path("id").asLong(), row)));
			}
		}
		return items;
	}

	/**
	 * One {@code crm.item.list} of up to 50 items by id, with the fields Visitflow reads.
	 */
	BatchCommand itemList(String id, List<Long> itemIds, StageMap.Resolved stages) {
		return new BatchCommand(id, "crm.item.list", Map.of("entityTypeId", stages.entityTypeId(), "filter",
				Map.of("@id", itemIds), "select", itemSelect(stages.fields())));
	}

	/**
	 * The fields Visitflow reads of an item, for {@code select}: what it writes and what
	 * tells who changed it.
	 */
	public static List<String> itemSelect(ItemFields fields) {
		List<String> select = new ArrayList<>(List.of("id", "xmlId", "categoryId", "updatedBy", "updatedTime"));
		managedFields(fields).stream().filter((name) -> !select.contains(name)).forEach(select::add);
		return select;
	}

	private Outcome failure(Bitrix24Exception ex) {
		Instant retryAt = (ex instanceof OperationTimeLimitException paused) ? paused.resetAt() : null;
		return new Outcome(ex.getMessage(), ex.getMessage(), ex.isAccessProblem() || ex.isRefusal(), false, retryAt);
	}

	/**
	 * Items Bitrix24 created (the visit came from a card) are known from the visit; items
	 * created by an earlier attempt whose answer was lost are found by {@code xmlId} =
	 * visit id, so a retry never makes a second one. Only visits whose add may have gone
	 * out are looked up, {@value #LOOKUPS_PER_COMMAND} per command, so a first sync costs
	 * no look-up at all.
	 */
	private void adoptKnownItems(Map<UUID, Visit> visitsById, Map<UUID, SyncState> current, Map<UUID, Outcome> outcomes,
			StageMap.Resolved stages, Map<UUID, Long> links) {
		List<UUID> candidates = new ArrayList<>();
		for (Visit visit : visitsById.values()) {
			SyncState state = current.get(visit.id());
			if (state.itemId() == null && visit.bitrix24ItemId() != null) {
				current.put(visit.id(), state.withItem(visit.bitrix24ItemId(), -1, null, null));
			}
			else if (state.itemId() == null) {
				candidates.add(visit.id());
			}
		}
		Set<UUID> sent = candidates.isEmpty() ? Set.of() : this.states.addsSent(candidates);
		List<UUID> unknown = candidates.stream().filter(sent::contains).toList();
		List<List<UUID>> groups = new ArrayList<>();
		for (int from = 0; from < unknown.size(); from += LOOKUPS_PER_COMMAND) {
			groups.add(unknown.subList(from, Math.min(unknown.size(), from + LOOKUPS_PER_COMMAND)));
		}
		for (int from = 0; from < groups.size(); from += MAX_COMMANDS) {
			List<List<UUID>> part = groups.subList(from, Math.min(groups.size(), from + MAX_COMMANDS));
			List<BatchCommand> lookups = new ArrayList<>();
			for (int i = 0; i < part.size(); i++) {
				List<String> xmlIds = part.get(i).stream().map(UUID::toString).toList();
				lookups.add(new BatchCommand("find" + i, "crm.item.list",
						Map.of("entityTypeId", stages.entityTypeId(), "filter", Map.of("@xmlId", xmlIds), "select",
								List.of("id", "xmlId"), "order", Map.of("id", "ASC"))));
			}
			try {
				BatchResponse response = this.bitrix24.batch(lookups, false);
				for (int i = 0; i < part.size(); i++) {
					List<UUID> group = part.get(i);
					Optional<Bitrix24Error> error = response.error("find" + i);
					if (error.isPresent()) {
						group.forEach((id) -> outcomes.put(id,
								Outcome.failed("crm.item.list: " + error.get(), error.get().isRefusal())));
						continue;
					}
					JsonNode items = response.result("find" + i).map((r) -> r.path("items")).orElse(null);
					Map<String, Long> found = new HashMap<>();
					if (items != null) {
						// the oldest item of a visit is its own
						items.forEach(
								(item) -> found.putIfAbsent(item.path("xmlId").asText(""), item.path("id").asLong()));
					}
					boolean fullPage = items != null && items.size() >= PAGE;
					for (UUID id : group) {
						Long itemId = found.get(id.toString());
						if (itemId != null && itemId > 0) {
							current.put(id, current.get(id).withItem(itemId, -1, null, null));
							links.put(id, itemId);
						}
						else if (fullPage) {
							// the page may have cut it off: looked up again on the retry
							outcomes.put(id, Outcome.failed("crm.item.list: too many items to tell", false));
						}
					}
				}
			}
			catch (Bitrix24Exception ex) {
				part.forEach((group) -> group.forEach((id) -> outcomes.put(id,
						Outcome.failed(ex.getMessage(), ex.isAccessProblem() || ex.isRefusal()))));
			}
		}
	}

	private Plan plan(Visit visit, SyncState state, StageMap.Resolved stages, String prefix) {
		Plan plan = new Plan(visit, prefix);
		String stageId = stages.stageId(visit.stage());
		if (state.itemId() == null) {
			Map<String, Object> fields = itemFields(visit, stageId, stages.fields());
			plan.written = fields;
			Map<String, Object> sent = new LinkedHashMap<>(fields);
			sent.put("xmlId", visit.id().toString());
			sent.put("categoryId", stages.categoryId());
			plan.add("item", new Command(Kind.ITEM_ADD, "crm.item.add",
					Map.of("entityTypeId", stages.entityTypeId(), "fields", sent)));
		}
		else if (state.itemVersion() < visit.version()) {
			Map<String, String> baseline = (state.itemFields() != null) ? state.itemFields() : Map.of();
			Map<String, Object> changes = ItemValues.diff(itemFields(visit, stageId, stages.fields()), baseline,
					stages.fields());
			if (changes.isEmpty()) {
				plan.settled = state.withItem(state.itemId(), visit.version(), stageId, visit.plannedStart());
			}
			else {
				plan.written = changes;
				plan.add("item", new Command(Kind.ITEM_UPDATE, "crm.item.update",
						Map.of("entityTypeId", stages.entityTypeId(), "id", state.itemId(), "fields", changes)));
			}
		}

		Optional<Long> owner = this.users.bitrix24UserOf(visit.repId()).filter((id) -> id != null);
		if (visit.stage() == VisitStage.CANCELLED) {
			if (state.calendarEventId() != null && !state.calendarClosed()) {
				plan.add("cal", new Command(Kind.CALENDAR_DELETE, "calendar.event.delete",
						Map.of("id", state.calendarEventId())));
			}
		}
		else if (owner.isPresent() && state.calendarEventId() == null) {
			plan.add("cal", new Command(Kind.CALENDAR_ADD, "calendar.event.add", calendarFields(visit, owner.get())));
		}
		else if (owner.isPresent()
				&& state.calendarVersion() != calendarSignature(calendarFields(visit, owner.get()))) {
			// only when what the event shows changed: a stage change alone does not move
			// the calendar
			Map<String, Object> fields = calendarFields(visit, owner.get());
			fields.put("id", state.calendarEventId());
			plan.add("cal", new Command(Kind.CALENDAR_UPDATE, "calendar.event.update", fields));
		}
		if (visit.stage() == VisitStage.COMPLETED && visit.outcome() != null && state.resultCommentId() == null
				&& state.itemId() != null) {
			if (this.attachments.of(visit.id()).isEmpty()) {
				plan.add("note",
						new Command(Kind.RESULT_COMMENT, "crm.timeline.comment.add",
								Map.of("fields", Map.of("ENTITY_ID", state.itemId(), "ENTITY_TYPE",
										this.properties.timelineEntityType(), "COMMENT", resultComment(visit)))));
			}
			else {
				// files do not go into a batch: the comment with them is a request of its
				// own
				plan.commentWithFiles = true;
			}
		}
		return plan;
	}

	private void execute(List<Plan> chunk, Map<UUID, SyncState> current, Map<UUID, Outcome> outcomes,
			Map<UUID, Long> links, StageMap.Resolved stages) {
		List<BatchCommand> commands = new ArrayList<>();
		// first, in the same request: the items about to be updated, as they are right
		// before the write
		Map<Long, Plan> updated = new LinkedHashMap<>();
		chunk.forEach((plan) -> plan.commands.values()
			.stream()
			.filter((command) -> command.kind() == Kind.ITEM_UPDATE)
			.findFirst()
			.ifPresent((command) -> updated.put(current.get(plan.visit.id()).itemId(), plan)));
		if (!updated.isEmpty()) {
			commands.add(itemList(BEFORE, new ArrayList<>(updated.keySet()), stages));
		}
		chunk.forEach((plan) -> plan.commands
			.forEach((id, command) -> commands.add(new BatchCommand(id, command.method(), command.params()))));
		// before the request: a visit whose add may have gone out is looked up on its
		// retry
		this.states.markAddsSent(chunk.stream()
			.filter((plan) -> plan.commands.values().stream().anyMatch((command) -> command.kind() == Kind.ITEM_ADD))
			.map((plan) -> plan.visit.id())
			.toList());
		BatchResponse response;
		Instant sentAt = Instant.now();
		try {
			response = commands.isEmpty() ? new BatchResponse(Map.of(), Map.of(), Map.of(), Map.of())
					: this.bitrix24.batch(commands, false);
		}
		catch (Bitrix24Exception ex) {
			logger.warn("Bitrix24 batch of {} commands for {} visits failed: {}", commands.size(), chunk.size(),
					ex.getMessage());
			chunk.forEach((plan) -> outcomes.put(plan.visit.id(), failure(ex)));
			return;
		}
		handOnOverwrittenChanges(response, updated, current, stages, sentAt);
		List<UUID> calendarFailures = new ArrayList<>();
		for (Plan plan : chunk) {
			Visit visit = plan.visit;
			SyncState state = current.get(visit.id());
			String itemError = null;
			String calendarError = null;
			boolean refused = false;
			Instant pausedUntil = null;
			for (Map.Entry<String, Command> entry : plan.commands.entrySet()) {
				Command command = entry.getValue();
				Optional<Bitrix24Error> error = response.error(entry.getKey());
				if (error.isPresent()) {
					String message = command.method() + ": " + error.get();
					if (error.get().errorCode() == Bitrix24ErrorCode.OPERATION_TIME_LIMIT) {
						pausedUntil = this.bitrix24.pausedUntil(command.method()).orElse(pausedUntil);
					}
					if (command.kind() == Kind.ITEM_UPDATE && !visit.stage().isOpen()
							&& error.get().errorCode() == Bitrix24ErrorCode.NOT_FOUND) {
						// the item was deleted in Bitrix24 and the visit is over: nothing
						// left to show
						state = state.withItem(state.itemId(), visit.version(), null, null);
					}
					else if (command.kind().isCalendar()) {
						calendarError = message;
						calendarFailures.add(visit.id());
					}
					else {
						itemError = message;
						// Bitrix24 said no to this very command (an invalid value, a plan
						// limit): an incident now,
						// not a retry that cannot change the answer
						refused |= error.get().isRefusal();
					}
					continue;
				}
				JsonNode result = response.result(entry.getKey()).orElse(null);
				try {
					state = apply(command.kind(), result, visit, state, links);
					if (command.kind() == Kind.ITEM_ADD || command.kind() == Kind.ITEM_UPDATE) {
						Map<String, String> baseline = new LinkedHashMap<>(
								(command.kind() == Kind.ITEM_UPDATE && state.itemFields() != null) ? state.itemFields()
										: Map.of());
						baseline.putAll(ItemValues.of(plan.written, stages.fields()));
						state = state.withItemFields(baseline);
					}
				}
				catch (RuntimeException ex) {
					// an answer we cannot read must not undo the others: this visit is
					// tried again
					String message = command.method() + ": unexpected answer " + ex.getMessage();
					if (command.kind().isCalendar()) {
						calendarError = message;
					}
					else {
						itemError = message;
					}
				}
			}
			if (plan.commentWithFiles && itemError == null) {
				try {
					state = state.withResultComment(commentWithFiles(visit, state));
				}
				catch (Bitrix24Exception ex) {
					itemError = ex.getMessage();
					refused |= ex.isAccessProblem() || ex.isRefusal();
				}
			}
			current.put(visit.id(), state);
			if (itemError != null || calendarError != null) {
				outcomes.put(visit.id(),
						new Outcome(itemError, calendarError, refused && pausedUntil == null, false, pausedUntil));
			}
		}
		forgetDeletedCalendarEvents(calendarFailures, current);
	}

	/**
	 * The items as read right before the write: a field the write covered that shows a
	 * value Visitflow neither wrote nor saw is a person's change made just before; it is
	 * handed on, applied to the visit, and written back from there. Every change made
	 * before the request went out is now known.
	 */
	private void handOnOverwrittenChanges(BatchResponse response, Map<Long, Plan> updated, Map<UUID, SyncState> current,
			StageMap.Resolved stages, Instant sentAt) {
		if (updated.isEmpty() || response.error(BEFORE).isPresent()) {
			return;
		}
		JsonNode rows = response.result(BEFORE).map((result) -> result.path("items")).orElse(null);
		if (rows == null || !rows.isArray()) {
			return;
		}
		for (JsonNode row : rows) {
			long itemId = row.path("id").asLong();
			Plan plan = updated.get(itemId);
			if (plan == null || plan.written == null) {
				continue;
			}
			Map<String, String> baseline = current.get(plan.visit.id()).itemFields();
			for (String field : plan.written.keySet()) {
				String before = ItemValues.normalize(field, row.get(field), stages.fields());
				String known = (baseline != null) ? baseline.get(field) : null;
				if (known != null && !known.equals(before) && !field.equals(ItemValues.TITLE)) {
					logger.info(
							"Bitrix24 item {} of visit {}: {} was changed in Bitrix24 to {} just before Visitflow "
									+ "wrote it; applying that change to the visit",
							itemId, plan.visit.id(), field, before);
					this.handChanges.found(plan.visit.id(), itemId, row);
					break;
				}
			}
		}
		this.states.markChecked(updated.keySet(), sentAt);
	}

	/**
	 * A calendar event a person deleted in Bitrix24 makes every update or delete fail,
	 * with no error code to tell. Asked directly, a missing event is forgotten: a closed
	 * visit needs none, an open one gets a new one on the retry.
	 */
	private void forgetDeletedCalendarEvents(List<UUID> visitIds, Map<UUID, SyncState> current) {
		List<BatchCommand> lookups = new ArrayList<>();
		for (UUID id : visitIds) {
			Long eventId = current.get(id).calendarEventId();
			if (eventId != null) {
				lookups.add(new BatchCommand("e" + lookups.size(), "calendar.event.getbyid", Map.of("id", eventId)));
			}
		}
		if (lookups.isEmpty() || lookups.size() > MAX_COMMANDS) {
			return;
		}
		try {
			BatchResponse response = this.bitrix24.batch(lookups, false);
			int index = 0;
			for (UUID id : visitIds) {
				if (current.get(id).calendarEventId() == null) {
					continue;
				}
				String key = "e" + index++;
				JsonNode event = response.result(key).orElse(null);
				boolean gone = response.error(key).isPresent() || event == null || event.isNull() || event.isEmpty()
						|| (event.isArray() && event.size() == 0);
				if (gone) {
					logger.info("Calendar event {} of visit {} is gone from Bitrix24",
							current.get(id).calendarEventId(), id);
					current.put(id, current.get(id).withCalendar(null, -1, false));
				}
			}
		}
		catch (Bitrix24Exception ex) {
			// the next attempt looks again
		}
	}

	private SyncState apply(Kind kind, JsonNode result, Visit visit, SyncState state, Map<UUID, Long> links) {
		String stageId = this.stageMap.resolved().map((s) -> s.stageId(visit.stage())).orElse(null);
		switch (kind) {
			case ITEM_ADD -> {
				long itemId = result.path("item").path("id").asLong();
				if (itemId <= 0) {
					throw new IllegalStateException("no item id in " + result);
				}
				links.put(visit.id(), itemId);
				return state.withItem(itemId, visit.version(), stageId, visit.plannedStart());
			}
			case ITEM_UPDATE -> {
				return state.withItem(state.itemId(), visit.version(), stageId, visit.plannedStart());
			}
			case CALENDAR_ADD -> {
				if (result == null || result.asLong() <= 0) {
					throw new IllegalStateException("no event id in " + result);
				}
				return state.withCalendar(result.asLong(), calendarSignature(visit), false);
			}
			case CALENDAR_UPDATE -> {
				return state.withCalendar(state.calendarEventId(), calendarSignature(visit), false);
			}
			case CALENDAR_DELETE -> {
				return state.withCalendar(state.calendarEventId(), visit.version(), true);
			}
			case RESULT_COMMENT -> {
				return state.withResultComment((result != null) ? result.asLong() : 0);
			}
			default -> throw new IllegalStateException(kind.name());
		}
	}

	/**
	 * The result with its files, as one request: Bitrix24 puts the files on Drive and
	 * shows them in the comment.
	 */
	private long commentWithFiles(Visit visit, SyncState state) {
		List<List<String>> files = new ArrayList<>();
		for (Attachment attachment : this.attachments.of(visit.id())) {
			files.add(List.of(attachment.fileName(),
					Base64.getEncoder().encodeToString(this.attachments.content(attachment.id()))));
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("ENTITY_ID", state.itemId());
		fields.put("ENTITY_TYPE", this.properties.timelineEntityType());
		fields.put("COMMENT", resultComment(visit));
		fields.put("FILES", files);
		return this.bitrix24.call("crm.timeline.comment.add", Map.of("fields", fields)).result().asLong();
	}

	/**
	 * What the item should show; dates as the rep's day, the start as the field's type
	 * wants it.
	 */
	private Map<String, Object> itemFields(Visit visit, String stageId, ItemFields itemFields) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put(ItemValues.TITLE, title(visit));
		fields.put(ItemValues.STAGE, stageId);
		fields.put("companyId", visit.companyId());
		if (visit.contactId() != null) {
			fields.put("contactIds", List.of(visit.contactId()));
		}
		this.users.bitrix24UserOf(visit.repId()).ifPresent((id) -> fields.put("assignedById", id));
		if (itemFields.beginDate()) {
			String day = visit.plannedStart().atZone(visit.timeZone()).toLocalDate().toString();
			fields.put("begindate", day);
			fields.put("closedate", day);
		}
		fields.put(itemFields.plannedStart().name(),
				ItemFields.write(itemFields.plannedStart(), visit.plannedStart(), visit.timeZone()));
		if (itemFields.visitType() != null) {
			fields.put(itemFields.visitType().name(), visit.visitType());
		}
		if (itemFields.durationMinutes() != null) {
			fields.put(itemFields.durationMinutes().name(), visit.durationMinutes());
		}
		return fields;
	}

	private Map<String, Object> calendarFields(Visit visit, long owner) {
		ZoneId zone = visit.timeZone();
		Instant end = visit.plannedStart().plus(Duration.ofMinutes(visit.durationMinutes()));
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("type", "user");
		fields.put("ownerId", owner);
		// naive local times with the rep's zone: with an offset Bitrix24 ignores the zone
		// parameters and stores the
		// event in the integration user's zone
		fields.put("from", LOCAL.format(visit.plannedStart().atZone(zone)));
		fields.put("to", LOCAL.format(end.atZone(zone)));
		fields.put("timezone_from", zone.getId());
		fields.put("timezone_to", zone.getId());
		String marker = switch (visit.stage()) {
			case COMPLETED -> text("bitrix24.calendar.completed");
			case FAILED -> text("bitrix24.calendar.failed");
			default -> "";
		};
		fields.put("name", text("bitrix24.calendar.name", title(visit), marker));
		fields.put("description", (visit.purpose() != null) ? visit.purpose() : "");
		fields.put("accessibility", "busy");
		return fields;
	}

	/**
	 * What the calendar event shows, as a number to compare with what was written last.
	 */
	private long calendarSignature(Visit visit) {
		return this.users.bitrix24UserOf(visit.repId())
			.map((owner) -> calendarSignature(calendarFields(visit, owner)))
			.orElse(-1L);
	}

	private static long calendarSignature(Map<String, Object> fields) {
		long hash = 1125899906842597L;
		for (char c : fields.toString().toCharArray()) {
			hash = 31 * hash + c;
		}
		// never -1, which means "nothing written yet"
		return (hash == -1) ? 0 : hash;
	}

	private String title(Visit visit) {
		String company = (visit.companyTitle() != null && !visit.companyTitle().isBlank()) ? visit.companyTitle()
				: this.companies.company(visit.companyId())
					.map((mirrored) -> mirrored.title())
					.filter((title) -> !title.isBlank())
					.orElse(text("bitrix24.company.fallback", String.valueOf(visit.companyId())));
		String type = this.lifecycle.visitType(visit.visitType())
			.map(LifecycleProperties.VisitType::name)
			.orElse(visit.visitType());
		return text("bitrix24.item.title", company, type);
	}

	private String resultComment(Visit visit) {
		String outcome = this.messages.getMessage("outcome." + visit.outcome(), null, visit.outcome().name(),
				Bitrix24Properties.PORTAL_LOCALE);
		return text("bitrix24.result.comment", outcome)
				+ ((visit.resultNotes() != null) ? "\n" + visit.resultNotes() : "");
	}

	/** A text Visitflow writes into the portal, in the portal's language. */
	private String text(String key, Object... args) {
		return this.messages.getMessage(key, args, Bitrix24Properties.PORTAL_LOCALE);
	}

	/**
	 * Splits plans so that no batch exceeds 50 commands and a visit's commands stay
	 * together.
	 */
	private static List<List<Plan>> chunks(List<Plan> plans) {
		List<List<Plan>> chunks = new ArrayList<>();
		List<Plan> chunk = new ArrayList<>();
		int size = 0;
		boolean reads = false;
		for (Plan plan : plans) {
			// a batch that updates items first reads them: one command more
			boolean updates = plan.updatesItem();
			int needed = size + plan.commands.size() + ((reads || updates) ? 1 : 0);
			if (!chunk.isEmpty() && needed > MAX_COMMANDS) {
				chunks.add(chunk);
				chunk = new ArrayList<>();
				size = 0;
				reads = false;
			}
			chunk.add(plan);
			size += plan.commands.size();
			reads |= updates;
		}
		if (!chunk.isEmpty()) {
			chunks.add(chunk);
		}
		return chunks;
	}

	private enum Kind {

		ITEM_ADD, ITEM_UPDATE, CALENDAR_ADD, CALENDAR_UPDATE, CALENDAR_DELETE, RESULT_COMMENT;

		boolean isCalendar() {
			return this == CALENDAR_ADD || this == CALENDAR_UPDATE || this == CALENDAR_DELETE;
		}

	}

	private record Command(Kind kind, String method, Map<String, ?> params) {
	}

	private static final class Plan {

		private final Visit visit;

		private final String prefix;

		private final Map<String, Command> commands = new LinkedHashMap<>();

		private boolean commentWithFiles;

		/** The item fields this plan writes (all on add, what differs on update). */
		private Map<String, Object> written;

		/**
		 * Set when the item already shows the visit: the state to keep, with nothing
		 * sent.
		 */
		private SyncState settled;

		Plan(Visit visit, String prefix) {
			this.visit = visit;
			this.prefix = prefix;
		}

		void add(String name, Command command) {
			this.commands.put(this.prefix + name, command);
		}

		boolean updatesItem() {
			return this.commands.values().stream().anyMatch((command) -> command.kind() == Kind.ITEM_UPDATE);
		}

	}

}
