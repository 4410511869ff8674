package ru.visitflow.bitrix24.inbound;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.client.Bitrix24ErrorCode;
import ru.visitflow.bitrix24.client.Bitrix24Exception;
import ru.visitflow.bitrix24.outbound.SyncState;
import ru.visitflow.bitrix24.outbound.VisitSync;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.ItemFields;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.bitrix24.wire.Bitrix24Time;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitService;

/**
 * What Bitrix24 asks of the lifecycle: a new Visit item starts a visit, a card moved by
 * hand on the kanban board completes, cancels or reschedules it, a deleted item cancels
 * it. Visitflow owns the timer-driven stages: a hand move it cannot accept is put back by
 * writing the visit's current state again. The echo of Visitflow's own writes is
 * recognised by the stage and date it wrote last.
 */
@Service
public class InboundVisits {

	static final Actor BITRIX24 = new Actor("bitrix24", Set.of(Role.ADMIN));

	private static final Logger logger = LoggerFactory.getLogger(InboundVisits.class);

	private final Bitrix24 bitrix24;

	private final StageMap stageMap;

	private final VisitService visits;

	private final VisitSync sync;

	private final UserDirectory users;

	private final CompanyMirror companies;

	private final LifecycleProperties lifecycle;

	private final Bitrix24Properties properties;

	private final MessageSource messages;

	InboundVisits(Bitrix24 bitrix24, StageMap stageMap, VisitService visits, VisitSync sync, UserDirectory users,
			CompanyMirror companies, LifecycleProperties lifecycle, Bitrix24Properties properties,
			MessageSource messages) {
		this.bitrix24 = bitrix24;
		this.stageMap = stageMap;
		this.visits = visits;
		this.sync = sync;
		this.users = users;
		this.companies = companies;
		this.lifecycle = lifecycle;
		this.properties = properties;
		this.messages = messages;
	}

	/** ONCRMDYNAMICITEMADD or ONCRMDYNAMICITEMUPDATE: reads the item and acts on it. */
	public void itemChanged(long itemId) {
		JsonNode item = this.bitrix24
			.call("crm.item.get", Map.of("entityTypeId", this.properties.entityTypeId(), "id", itemId))
			.result()
			.path("item");
		itemChanged(item);
	}

	/** Acts on an item as read from Bitrix24 (by an event or by reconciliation). */
	public void itemChanged(JsonNode item) {
		itemChanged(item, true);
	}

	/**
	 * Acts on an item as read from Bitrix24.
	 * @param current the item as it is now (a change Visitflow does not accept is written
	 * back); false for an item as it was right before a write of Visitflow's, which
	 * already covered it
	 */
	public void itemChanged(JsonNode item, boolean current) {
		long itemId = item.path("id").asLong();
		StageMap.Resolved stages = this.stageMap.resolved()
			.orElseThrow(() -> new IllegalStateException("Bitrix24 is not ready: " + this.stageMap.problem()));
		if (item.hasNonNull("categoryId") && item.get("categoryId").asInt() != stages.categoryId()) {
			// another pipeline of the same smart process is not Visitflow's
			return;
		}
		Optional<Visit> visit = this.visits.findByBitrix24Item(itemId);
		if (visit.isEmpty()) {
			visit = ownItem(item);
			if (visit.isEmpty()) {
				createVisit(item);
				return;
			}
		}
		steer(visit.get(), item, current);
	}

	/** Whether the item has its visit already. */
	boolean hasVisit(long itemId) {
		return this.visits.findByBitrix24Item(itemId).isPresent();
	}

	/**
	 * The items, read in one {@code crm.item.list} (up to 50), with the fields Visitflow
	 * compares.
	 */
	Map<Long, JsonNode> readItems(List<Long> itemIds) {
		Map<Long, JsonNode> items = new LinkedHashMap<>();
		if (itemIds.isEmpty()) {
			return items;
		}
		JsonNode rows = this.bitrix24
			.call("crm.item.list", Map.of("entityTypeId", this.properties.entityTypeId(), "filter",
					Map.of("@id", itemIds), "select", VisitSync.itemSelect(stages().fields())))
			.result()
			.path("items");
		rows.forEach((row) -> items.put(row.path("id").asLong(), row));
		return items;
	}

	/** ONCRMDYNAMICITEMDELETE: the card is gone, so is the visit. */
	public void itemDeleted(long itemId) {
		Optional<Visit> open = this.visits.findByBitrix24Item(itemId).filter((visit) -> visit.stage().isOpen());
		if (open.isEmpty()) {
			return;
		}
		// only Bitrix24 itself may say so: an event alone must not cancel a visit whose
		// item is still there
		try {
			this.bitrix24.call("crm.item.get", Map.of("entityTypeId", this.properties.entityTypeId(), "id", itemId));
			throw new IgnoredEvent("item " + itemId + " still exists in Bitrix24");
		}
		catch (Bitrix24Exception ex) {
			if (ex.errorCode() != Bitrix24ErrorCode.NOT_FOUND) {
				throw ex;
			}
		}
		open.ifPresent((visit) -> {
			try {
				this.visits.cancel(visit.id(), text("bitrix24.history.itemDeleted"), BITRIX24);
			}
			catch (ConflictException ex) {
				logger.info("Visit {} was already closing when its item was deleted", visit.id());
			}
		});
	}

	/**
	 * The business-process action: a visit for a company (or a deal's company) in Draft.
	 */
	public void createForCompany(String document, long id, Map<String, String> request) {
		long companyId = id;
		if ("DEAL".equals(document)) {
			companyId = this.bitrix24.call("crm.deal.get", Map.of("id", id)).result().path("COMPANY_ID").asLong();
			if (companyId <= 0) {
				throw new IgnoredEvent("deal " + id + " has no company; a visit needs one");
			}
		}
		JsonNode company = this.bitrix24.call("crm.company.get", Map.of("id", companyId)).result();
		long repBitrix24Id = (request.get("rep") != null) ? Long.parseLong(request.get("rep"))
				: company.path("ASSIGNED_BY_ID").asLong();
		String rep = repOf(repBitrix24Id);
		String type = (request.get("type") != null) ? request.get("type") : this.lifecycle.visitTypes().get(0).code();
		Visit visit = this.visits.create(new NewVisit(companyId, company.path("TITLE").asText(null), null, rep, type,
				request.get("date"), null, text("bitrix24.history.fromBusinessProcess"), null, VisitOrigin.BITRIX24),
				BITRIX24);
		logger.info("Business process on {} {} planned visit {}", document, id, visit.id());
	}

	/** The echo of an item Visitflow created: its xmlId is the visit id. */
	private Optional<Visit> ownItem(JsonNode item) {
		String xmlId = item.path("xmlId").asText("");
		try {
			UUID visitId = UUID.fromString(xmlId);
			Visit visit = this.visits.load(visitId);
			long itemId = item.path("id").asLong();
			if (visit.bitrix24ItemId() != null && visit.bitrix24ItemId() != itemId) {
				throw new IgnoredEvent(
						"item " + itemId + " copies visit " + visitId + ", which has item " + visit.bitrix24ItemId());
			}
			this.visits.linkBitrix24Item(visitId, itemId);
			return Optional.of(visit);
		}
		catch (IllegalArgumentException | NotFoundException ex) {
			return Optional.empty();
		}
	}

	private void createVisit(JsonNode item) {
		long itemId = item.path("id").asLong();
		long companyId = item.path("companyId").asLong(0);
		if (companyId <= 0) {
			throw new IgnoredEvent("item " + itemId + " has no company; a visit needs one");
		}
		String rep = repOf(item.path("assignedById").asLong());
		ZoneId zone = this.users.timeZoneOf(rep);
		String start = plannedStart(item, stages().fields());
		if (start == null) {
			throw new IgnoredEvent("item " + itemId + " has no planned date (" + this.properties.fields().plannedStart()
					+ " or begindate)");
		}
		ItemFields fields = stages().fields();
		String type = (fields.visitType() != null) ? item.path(fields.visitType().name()).asText("") : "";
		if (this.lifecycle.visitType(type).isEmpty()) {
			type = this.lifecycle.visitTypes().get(0).code();
		}
		Integer duration = (fields.durationMinutes() != null && item.hasNonNull(fields.durationMinutes().name()))
				? item.get(fields.durationMinutes().name()).asInt() : null;
		String companyTitle = this.companies.company(companyId).map((c) -> c.title()).orElse(null);
		try {
			Visit visit = this.visits.createForBitrix24Item(new NewVisit(companyId, companyTitle, null, rep, type,
					start, (duration != null && duration > 0) ? duration : null, item.path("title").asText(null), null,
					VisitOrigin.BITRIX24), itemId, BITRIX24);
			logger.info("Bitrix24 item {} started visit {}", itemId, visit.id());
			// the visit starts from the item's current stage: a card already moved to
			// success or fail is followed
			String stageId = item.path("stageId").asText("");
			if (stages().isSuccess(stageId) || stages().isFailure(stageId)) {
				steer(this.visits.load(visit.id()), item, true);
			}
		}
		catch (DuplicateKeyException ex) {
			// a replayed or duplicate event: the item already has its visit
			logger.info("Bitrix24 item {} already has a visit", itemId);
		}
		catch (InvalidInputException ex) {
			throw new IgnoredEvent("item " + itemId + " cannot become a visit: " + ex.getMessage());
		}
	}

	private void steer(Visit visit, JsonNode item, boolean current) {
		StageMap.Resolved stages = stages();
		ItemFields fields = stages.fields();
		long itemId = item.path("id").asLong();
		String stageId = item.path("stageId").asText("");
		SyncState written = this.sync.written(visit.id());
		if (written.titleIsVisitflows() && item.hasNonNull("title")
				&& !item.path("title").asText().equals(written.itemFields().get("title"))) {
			// a person gave the card a title of their own: Visitflow keeps it from now on
			this.sync.titleTakenOver(visit.id());
		}
		// what the item shows is compared with what Visitflow wrote last and what the
		// visit is: who changed it
		// last says nothing (a person's move may be read after Visitflow wrote over it,
		// or made under its user)
		String expected = stages.stageId(visit.stage());
		boolean stageByHand = !stageId.isEmpty() && !stageId.equals(expected) && !stageId.equals(written.itemStageId());
		Instant itemStart = start(item, fields, visit);
		boolean dateByHand = itemStart != null && !sameStart(itemStart, visit.plannedStart(), fields, visit.timeZone())
				&& (written.itemPlannedStart() == null
						|| !sameStart(itemStart, written.itemPlannedStart(), fields, visit.timeZone()));
		if (!stageByHand && !dateByHand) {
			logger.info(
					"Bitrix24 item {} (visit {}) taken for Visitflow's own write: it shows stage {} and start {}, "
							+ "which Visitflow wrote or the visit has (last changed by Bitrix24 user {})",
					itemId, visit.id(), stageId, (itemStart != null) ? itemStart : "-",
					item.path("updatedBy").asText("?"));
			return;
		}
		String who = text("bitrix24.history.user", item.path("updatedBy").asText("?"));
		try {
			if (stageByHand && stages.isSuccess(stageId) && visit.stage().acceptsResult()) {
				this.visits.complete(visit.id(),
						new VisitResult(VisitOutcome.NO_DECISION, text("bitrix24.history.completed", who), null),
						BITRIX24);
				logger.info("Bitrix24 item {} moved to {} by hand: visit {} completed", itemId, stageId, visit.id());
				seen(visit, item, current);
				return;
			}
			if (stageByHand && stages.isFailure(stageId) && visit.stage().isOpen()) {
				this.visits.cancel(visit.id(), text("bitrix24.history.moved", stages.name(stageId), who), BITRIX24);
				logger.info("Bitrix24 item {} moved to {} by hand: visit {} cancelled", itemId, stageId, visit.id());
				seen(visit, item, current);
				return;
			}
			if (dateByHand && visit.stage().isOpen() && !stageByHand) {
				this.visits.reschedule(visit.id(), itemStart.toString(), BITRIX24);
				logger.info("Bitrix24 item {}: start changed by hand to {}: visit {} rescheduled", itemId, itemStart,
						visit.id());
				seen(visit, item, current);
				return;
			}
		}
		catch (ConflictException | InvalidInputException ex) {
			logger.info("Bitrix24 change to visit {} not accepted ({})", visit.id(), ex.getMessage());
		}
		String shown = (stageByHand ? "stage " + stageId : "") + (stageByHand && dateByHand ? " and " : "")
				+ (dateByHand ? "start " + itemStart : "");
		if (!current) {
			logger.info("Visit {} ({}): Bitrix24 showed {}, which Visitflow does not accept; its own write already "
					+ "put the visit's state back", visit.id(), visit.stage(), shown);
			return;
		}
		logger.info("Visit {} ({}): Bitrix24 shows {}, which Visitflow does not accept; writing back the fields "
				+ "that differ", visit.id(), visit.stage(), shown);
		VisitSync.Outcome outcome = this.sync.resync(visit.id(), item);
		if (outcome != null && !outcome.ok()) {
			throw new IllegalStateException("could not write visit " + visit.id() + " back to Bitrix24: "
					+ ((outcome.itemError() != null) ? outcome.itemError() : outcome.calendarError()));
		}
	}

	/**
	 * The item as read now shows what the visit has become: the sync compares with it
	 * from now on. Not for an item as it was before Visitflow's own write, which the item
	 * no longer shows.
	 */
	private void seen(Visit visit, JsonNode item, boolean current) {
		if (current) {
			this.sync.seen(visit.id(), item);
		}
	}

	private StageMap.Resolved stages() {
		return this.stageMap.resolved()
			.orElseThrow(() -> new IllegalStateException("Bitrix24 is not ready: " + this.stageMap.problem()));
	}

	/**
	 * The start the item shows: the date-time, or for a date-only field that day at the
	 * visit's own time of day in the rep's zone (a date has no time).
	 */
	private static Instant start(JsonNode item, ItemFields fields, Visit visit) {
		String value = item.path(fields.plannedStart().name()).asText(null);
		if (!fields.plannedStart().dateOnly()) {
			return ItemFields.instant(value);
		}
		LocalDate day = ItemFields.day(value);
		if (day == null) {
			return null;
		}
		LocalTime time = visit.plannedStart().atZone(visit.timeZone()).toLocalTime();
		return day.atTime(time).atZone(visit.timeZone()).toInstant();
	}

	private static boolean sameStart(Instant a, Instant b, ItemFields fields, ZoneId zone) {
		if (fields.plannedStart().dateOnly()) {
			return a.atZone(zone).toLocalDate().equals(b.atZone(zone).toLocalDate());
		}
		return Duration.between(a, b).abs().toSeconds() < 60;
	}

	private String repOf(long bitrix24UserId) {
		String rep = this.users.userOfBitrix24(bitrix24UserId).orElse(null);
		if (rep == null || !this.users.isRep(rep)) {
			throw new IgnoredEvent("Bitrix24 user " + bitrix24UserId + " is not mapped to a Visitflow rep "
					+ "(user_profile.bitrix24_user_id)");
		}
		return rep;
	}

	/**
	 * The start of a visit made from the item: its date-time, or its day at the default
	 * visit time.
	 */
	private String plannedStart(JsonNode item, ItemFields fields) {
		String value = item.path(fields.plannedStart().name()).asText(null);
		if (!fields.plannedStart().dateOnly()) {
			Instant start = ItemFields.instant(value);
			if (start != null) {
				return start.toString();
			}
		}
		else if (ItemFields.day(value) != null) {
			return LocalDateTime.of(ItemFields.day(value), this.lifecycle.defaultVisitTime()).toString();
		}
		// begindate is a date
		LocalDate day = ItemFields.day(item.path("begindate").asText(null));
		return (day != null) ? LocalDateTime.of(day, this.lifecycle.defaultVisitTime()).toString() : null;
	}

	/**
	 * A text for a visit's history, in the portal's language like the change it records.
	 */
	private String text(String key, Object... args) {
		return this.messages.getMessage(key, args, Bitrix24Properties.PORTAL_LOCALE);
	}

}
