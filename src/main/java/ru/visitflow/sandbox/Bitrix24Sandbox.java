package ru.visitflow.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * The built-in Bitrix24 portal seen from Java, for tests and the sandbox page: read what
 * Visitflow wrote (items, calendar events, tasks, timeline comments), act as a person in
 * the portal (create, move or delete an item, edit a company: each fires the outbound
 * event a real portal would), make the portal misbehave (failure modes, event delivery
 * off), count the REST requests it received, and reset it to the seed. Items and
 * companies come back in the shapes their REST methods answer with (camelCase items,
 * UPPER_CASE companies). Thread-safe.
 */
@Component
@ConditionalOnBitrix24Sandbox
public class Bitrix24Sandbox {

	/**
	 * Where the REST emulation lives:
	 * {@code /bitrix24-sandbox/rest/{userId}/{code}/{method}}.
	 */
	public static final String REST_PATH = "/bitrix24-sandbox/rest";

	/** The inbound webhook's code. */
	public static final String WEBHOOK_CODE = "sandbox-webhook";

	/**
	 * The inbound webhook's owner (the demo head of sales, user 1); REST calls act as
	 * this user.
	 */
	public static final long WEBHOOK_USER_ID = SandboxPortal.WEBHOOK_USER;

	/** The person the sandbox page acts as unless told otherwise: the head of sales. */
	public static final long DEFAULT_PERSON_ID = 1;

	private final SandboxPortal portal;

	private final SandboxItems items;

	private final SandboxCrm crm;

	private final SandboxCalendar calendar;

	private final SandboxTasks tasks;

	private final SandboxTimeline timeline;

	private final SandboxGate gate;

	private final SandboxEvents events;

	Bitrix24Sandbox(SandboxPortal portal, SandboxItems items, SandboxCrm crm, SandboxCalendar calendar,
			SandboxTasks tasks, SandboxTimeline timeline, SandboxGate gate, SandboxEvents events) {
		this.portal = portal;
		this.items = items;
		this.crm = crm;
		this.calendar = calendar;
		this.tasks = tasks;
		this.timeline = timeline;
		this.gate = gate;
		this.events = events;
	}

	/**
	 * The inbound webhook URL of the sandbox served at {@code baseUrl} (e.g.
	 * {@code http://localhost:8080}).
	 */
	public static String webhookUrl(String baseUrl) {
		String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		return base + REST_PATH + "/" + WEBHOOK_USER_ID + "/" + WEBHOOK_CODE + "/";
	}

	/** The Visit smart process's entityTypeId (from settings). */
	public int entityTypeId() {
		return this.portal.process().entityTypeId();
	}

	/** The default pipeline's id (11 unless settings name another). */
	public int categoryId() {
		return this.portal.process().defaultCategory().id();
	}

	/**
	 * The full stage id of a stage code in the default pipeline: {@code NEW} →
	 * {@code DT1036_11:NEW}.
	 */
	public String stageId(String code) {
		return this.portal.process().statusId(categoryId(), code);
	}

	/** The pipelines and their stages, in order. */
	public List<Pipeline> pipelines() {
		SmartProcess process = this.portal.process();
		return process.categories()
			.stream()
			.map((category) -> new Pipeline(category.id(), category.name(), category.isDefault(),
					category.stages()
						.stream()
						.map((stage) -> new Stage(process.statusId(category.id(), stage.code()), stage.code(),
								stage.name(), stage.semanticId(), stage.color()))
						.toList()))
			.toList();
	}

	// --- items
	// ---------------------------------------------------------------------------------------------

	/** Every Visit item, by id. */
	public List<Map<String, Object>> items() {
		return this.items.items();
	}

	public Optional<Map<String, Object>> item(long id) {
		return this.items.item(id);
	}

	/**
	 * Creates an item as the given person, with crm.item.add's rules and defaults; fires
	 * ONCRMDYNAMICITEMADD.
	 * @throws IllegalArgumentException when Bitrix24 would refuse it (e.g. a stage of
	 * another pipeline)
	 */
	public Map<String, Object> createItem(long userId, Map<String, ?> fields) {
		return asPerson(() -> this.items.addItem(entityTypeId(), new LinkedHashMap<>(fields), userId, false));
	}

	/**
	 * Changes an item as the given person, like crm.item.update; fires
	 * ONCRMDYNAMICITEMUPDATE if anything changed.
	 */
	public Map<String, Object> updateItem(long id, long userId, Map<String, ?> fields) {
		return asPerson(() -> this.items.updateItem(entityTypeId(), id, new LinkedHashMap<>(fields), userId, false));
	}

	/**
	 * Moves an item to a stage as the given person (dragging the card in the kanban);
	 * fires ONCRMDYNAMICITEMUPDATE.
	 * @param stage a stage code of the item's pipeline ({@code SUCCESS}) or a full stage
	 * id ({@code DT1036_11:SUCCESS})
	 */
	public Map<String, Object> moveItem(long id, String stage, long userId) {
		Map<String, Object> item = item(id).orElseThrow(() -> new IllegalArgumentException("No item " + id));
		String stageId = stage.contains(":") ? stage
				: this.portal.process().statusId((int) SandboxPortal.asLong(item.get("categoryId")), stage);
		return updateItem(id, userId, Map.of("stageId", stageId));
	}

	/** Deletes an item as the given person; fires ONCRMDYNAMICITEMDELETE. */
	public void deleteItem(long id, long userId) {
		asPerson(() -> {
			this.items.deleteItem(entityTypeId(), id, userId);
			return null;
		});
	}

	/**
	 * Timeline comments on an item:
	 * {@code ID, CREATED, ENTITY_ID, ENTITY_TYPE, AUTHOR_ID, COMMENT, FILES}.
	 */
	public List<Map<String, Object>> timelineComments(long itemId) {
		return this.timeline.commentsOf("dynamic_" + entityTypeId(), itemId);
	}

	// --- companies, users, calendar, tasks
	// -----------------------------------------------------------------

	/** A company as crm.company.get answers. */
	public Optional<Map<String, Object>> company(long id) {
		return this.crm.company(id);
	}

	/** The company user fields the portal defines: name → the label on the card. */
	public Map<String, String> companyUserFields() {
		return this.crm.companyUserFields();
	}

	/**
	 * A company's actual address: its requisite's address row of TYPE_ID 1 (as
	 * crm.address.list answers).
	 */
	public Optional<Map<String, Object>> companyAddress(long companyId) {
		return this.crm.companyAddress(companyId);
	}

	/**
	 * Edits a company as the given person, with crm.company.update's rules (multi-fields:
	 * an entry without {@code ID} is added, {@code ID}+{@code VALUE} changes, {@code ID}
	 * with {@code DELETE: "Y"} or an empty value deletes); fires ONCRMCOMPANYUPDATE.
	 */
	public void updateCompany(long id, long userId, Map<String, ?> fields) {
		asPerson(() -> {
			this.crm.updateCompany(id, new LinkedHashMap<>(fields), userId);
			return null;
		});
	}

	/**
	 * Edits a company's actual address ({@code ADDRESS_1}, {@code ADDRESS_2},
	 * {@code CITY}, {@code POSTAL_CODE}, {@code REGION}, {@code PROVINCE},
	 * {@code COUNTRY}) as the given person; fires ONCRMCOMPANYUPDATE.
	 */
	public void updateCompanyAddress(long companyId, long userId, Map<String, ?> address) {
		asPerson(() -> {
			this.crm.updateCompanyAddress(companyId, new LinkedHashMap<>(address), userId);
			return null;
		});
	}

	/** The portal's users as user.get answers. */
	public List<Map<String, Object>> users() {
		return this.portal.users();
	}

	/** Events in a user's own calendar, as calendar.event.getbyid answers. */
	public List<Map<String, Object>> calendarEvents(long userId) {
		return this.calendar.calendarEventsOf(userId);
	}

	/**
	 * Every task, including the CRM bindings ({@code ufCrmTask}) tasks.task.add does not
	 * echo.
	 */
	public List<Map<String, Object>> tasks() {
		return this.tasks.tasks();
	}

	// --- misbehaviour, events, counters
	// --------------------------------------------------------------------

	public void setFailureMode(FailureMode mode) {
		this.gate.setMode(mode);
	}

	public FailureMode failureMode() {
		return this.gate.mode();
	}

	/** Until when OPERATION_LIMIT blocks methods, or null. */
	/**
	 * Blocks one method by its operating limit for a while, as Bitrix24 does when that
	 * method's time budget is spent: its calls answer 429 OPERATION_TIME_LIMIT (inside a
	 * batch, that command's error) with {@code operating_reset_at} at the end of the
	 * block; other methods keep working.
	 */
	public void blockMethod(String method, Duration duration) {
		this.gate.blockMethod(method, duration);
	}

	public Instant operationBlockedUntil() {
		return this.gate.blockedUntil();
	}

	/**
	 * The next {@code count} HTTP requests answer HTTP 500 INTERNAL_SERVER_ERROR; then
	 * the portal recovers.
	 */
	public void failNextCalls(int count) {
		this.gate.failNext(count, FailureMode.OUTAGE);
	}

	/**
	 * The next {@code count} HTTP requests fail the way {@code how} does; then the portal
	 * recovers.
	 */
	public void failNextCalls(int count, FailureMode how) {
		this.gate.failNext(count, how);
	}

	public int failNextCallsRemaining() {
		return this.gate.failNextRemaining();
	}

	/** Off: events are dropped on purpose (logged), as if Bitrix24 lost them. */
	public void setEventDelivery(boolean enabled) {
		this.events.setDelivery(enabled);
	}

	public boolean eventDelivery() {
		return this.events.deliveryEnabled();
	}

	/** The latest outbound events and what became of them, newest first. */
	public List<SentEvent> recentEvents() {
		return this.events.recent();
	}

	/**
	 * HTTP requests received on the REST endpoint, refused ones included; a batch is one.
	 */
	public long requestCount() {
		return this.gate.requests();
	}

	/** Calls of one method: HTTP requests to it plus its commands inside batches. */
	public long requestCount(String method) {
		return this.gate.methodCalls().getOrDefault(method.toLowerCase(Locale.ROOT), 0L);
	}

	public Map<String, Long> requestCountsByMethod() {
		return this.gate.methodCalls();
	}

	/**
	 * Back to a fresh start: the seed's data, no failure mode, event delivery on,
	 * counters and the rate limit's bucket at zero.
	 */
	public void reset() {
		this.portal.reset();
		this.gate.reset();
		this.events.setDelivery(true);
		this.events.clearRecent();
	}

	private static <T> T asPerson(Supplier<T> action) {
		try {
			return action.get();
		}
		catch (RestError ex) {
			throw new IllegalArgumentException((ex.code().isEmpty() ? "" : ex.code() + ": ") + ex.description(), ex);
		}
	}

	/** A pipeline of the Visit smart process. */
	public record Pipeline(int id, String name, boolean isDefault, List<Stage> stages) {
	}

	/**
	 * @param stageId the full id, {@code DT1036_11:NEW}
	 * @param semantics P (in progress), S (success) or F (failure)
	 */
	public record Stage(String stageId, String code, String name, String semantics, String color) {
	}

}
