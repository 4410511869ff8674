package ru.visitflow.bitrix24.sandbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.Bitrix24Properties;

/**
 * The emulated portal's data and what its REST methods do with it, following Bitrix24's documented behaviour
 * (defaults, validation, error codes and texts, answer shapes). All state sits behind one lock; whatever leaves
 * is a copy. Changes to items and companies queue the outbound events the outgoing webhook is subscribed to.
 */
@Component
@ConditionalOnBitrix24Sandbox
@SuppressWarnings("unchecked")
class SandboxPortal {

	/** The inbound webhook's owner: REST calls act as this user. */
	static final long WEBHOOK_USER = 1;

	private static final String ELEMENT_NOT_FOUND = "Element not found";

	private final Object lock = new Object();

	private final SmartProcess process;

	private final SandboxEvents events;

	private final boolean seed;

	private final Clock clock = Clock.systemUTC();

	private PortalState state;

	private volatile Runnable changeListener = () -> {
	};

	SandboxPortal(Bitrix24Properties properties, SandboxEvents events) {
		this.process = new SmartProcess(properties);
		this.events = events;
		this.seed = properties.sandbox().seed();
		this.state = fresh();
	}

	private PortalState fresh() {
		return this.seed ? SandboxSeed.demo() : SandboxSeed.empty();
	}

	SmartProcess process() {
		return this.process;
	}

	void onChange(Runnable listener) {
		this.changeListener = listener;
	}

	private void changed() {
		this.changeListener.run();
	}

	/** Back to the seed (or an empty portal when seeding is off). */
	void reset() {
		synchronized (this.lock) {
			this.state = fresh();
		}
		changed();
	}

	/** Runs {@code action} on the live state under the lock; for snapshots. */
	<T> T withState(Function<PortalState, T> action) {
		synchronized (this.lock) {
			return action.apply(this.state);
		}
	}

	void restore(PortalState restored) {
		synchronized (this.lock) {
			this.state = restored;
		}
	}

	private Instant now() {
		return this.clock.instant();
	}

	// --- smart-process items -------------------------------------------------------------------------------

	Map<String, Object> addItem(Object entityTypeId, Object fieldsParam, long actor, boolean originalUfNames) {
		checkEntityType(entityTypeId);
		Map<String, Object> input = requiredFields(fieldsParam);
		Map<String, Object> rendered;
		synchronized (this.lock) {
			Map<String, Object> values = coerceItemFields(input);
			long id = this.state.lastItemId + 1;
			Instant now = now();
			String nowText = SandboxTime.iso(now);
			SmartProcess.Category category = resolveCategory(values.remove("categoryId"), values.get("stageId"));
			SmartProcess.StageRef stage = resolveStage(category, values.remove("stageId"));
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("id", id);
			item.put("xmlId", null);
			item.put("title", SmartProcess.TITLE + " #" + id);
			item.put("createdBy", actor);
			item.put("updatedBy", actor);
			item.put("movedBy", actor);
			item.put("createdTime", nowText);
			item.put("updatedTime", nowText);
			item.put("movedTime", nowText);
			item.put("categoryId", (long) category.id());
			item.put("opened", "Y");
			item.put("stageId", stage.statusId());
			item.put("previousStageId", null);
			LocalDate today = LocalDate.ofInstant(now, SandboxTime.PORTAL_ZONE);
			item.put("begindate", SandboxTime.isoDate(today));
			item.put("closedate", SandboxTime.isoDate(today.plusDays(7)));
			item.put("companyId", 0L);
			item.put("contactId", 0L);
			item.put("opportunity", 0.0);
			item.put("isManualOpportunity", "N");
			item.put("taxValue", 0.0);
			item.put("currencyId", "RUB");
			item.put("mycompanyId", 0L);
			item.put("sourceId", null);
			item.put("sourceDescription", null);
			item.put("assignedById", actor);
			item.put("lastActivityBy", actor);
			item.put("lastActivityTime", nowText);
			for (SmartProcess.Field field : this.process.fields().values()) {
				if (field.dynamic()) {
					item.put(field.name(), null);
				}
			}
			item.put("contactIds", new ArrayList<Long>());
			item.put("observers", new ArrayList<Long>());
			item.put("entityTypeId", (long) this.process.entityTypeId());
			values.forEach((name, value) -> {
				if (value != null || !"title".equals(name)) {
					item.put(name, value);
				}
			});
			linkContacts(item, values);
			this.state.lastItemId = id;
			this.state.items.put(id, item);
			rendered = renderItem(item, List.of(), originalUfNames);
		}
		this.events.item("ONCRMDYNAMICITEMADD", asLong(rendered.get("id")), this.process.entityTypeId());
		changed();
		return rendered;
	}

	Map<String, Object> updateItem(Object entityTypeId, Object idParam, Object fieldsParam, long actor,
			boolean originalUfNames) {
		checkEntityType(entityTypeId);
		long id = requiredInt(idParam, "id");
		Map<String, Object> input = requiredFields(fieldsParam);
		Map<String, Object> item;
		boolean saved = false;
		synchronized (this.lock) {
			Map<String, Object> stored = this.state.items.get(id);
			if (stored == null) {
				throw RestError.notFound(ELEMENT_NOT_FOUND);
			}
			Map<String, Object> values = coerceItemFields(input);
			Object categoryValue = values.remove("categoryId");
			Object stageValue = values.remove("stageId");
			SmartProcess.Category category = (categoryValue != null)
					? this.process.category(asLong(categoryValue)).orElseThrow(() -> invalidField("categoryId"))
					: this.process.category(asLong(stored.get("categoryId"))).orElse(this.process.defaultCategory());
			boolean categoryChanged = category.id() != asLong(stored.get("categoryId"));
			String stageId = (stageValue != null) ? resolveStage(category, stageValue).statusId()
					: categoryChanged ? this.process.statusId(category.id(), category.firstStage().code())
							: (String) stored.get("stageId");
			Map<String, Object> changes = new LinkedHashMap<>();
			values.forEach((name, value) -> {
				if (!same(stored.get(name), value)) {
					changes.put(name, value);
				}
			});
			if (categoryChanged) {
				changes.put("categoryId", (long) category.id());
			}
			boolean stageChanged = !stageId.equals(stored.get("stageId"));
			if (!changes.isEmpty() || stageChanged) {
				Instant now = now();
				item = stored;
				item.putAll(changes);
				if (changes.containsKey("title") && changes.get("title") == null) {
					item.put("title", SmartProcess.TITLE + " #" + id);
				}
				linkContacts(item, changes);
				if (stageChanged) {
					item.put("previousStageId", stored.get("stageId"));
					item.put("stageId", stageId);
					item.put("movedBy", actor);
					item.put("movedTime", SandboxTime.iso(now));
				}
				item.put("updatedBy", actor);
				item.put("updatedTime", SandboxTime.iso(now));
				saved = true;
			}
			else {
				// Bitrix24 does not save (and fires nothing) when nothing changed
				item = stored;
			}
			item = (Map<String, Object>) copy(item);
		}
		if (saved) {
			this.events.item("ONCRMDYNAMICITEMUPDATE", id, this.process.entityTypeId());
			changed();
		}
		return renderItem(item, List.of(), originalUfNames);
	}

	Map<String, Object> getItem(Object entityTypeId, Object idParam, boolean originalUfNames) {
		checkEntityType(entityTypeId);
		long id = requiredInt(idParam, "id");
		synchronized (this.lock) {
			Map<String, Object> item = this.state.items.get(id);
			if (item == null) {
				throw RestError.notFound(ELEMENT_NOT_FOUND);
			}
			return renderItem(item, List.of(), originalUfNames);
		}
	}

	void deleteItem(Object entityTypeId, Object idParam, long actor) {
		checkEntityType(entityTypeId);
		long id = requiredInt(idParam, "id");
		synchronized (this.lock) {
			if (this.state.items.remove(id) == null) {
				throw RestError.notFound(ELEMENT_NOT_FOUND);
			}
		}
		this.events.item("ONCRMDYNAMICITEMDELETE", id, this.process.entityTypeId());
		changed();
	}

	ListQuery.Page<Map<String, Object>> listItems(Object entityTypeId, Object select, Object filter, Object order,
			Object start, boolean originalUfNames) {
		checkEntityType(entityTypeId);
		ListQuery.Fields fields = (name) -> itemField(name);
		var predicate = ListQuery.filter(filter, fields, true);
		var comparator = ListQuery.order(order, fields, true);
		List<String> selected = ListQuery.asStrings(select);
		List<Map<String, Object>> rows;
		synchronized (this.lock) {
			rows = this.state.items.values()
				.stream()
				.map((item) -> renderItem(item, List.of(), false))
				.filter(predicate)
				.sorted(comparator)
				.collect(Collectors.toCollection(ArrayList::new));
		}
		ListQuery.Page<Map<String, Object>> page = ListQuery.page(rows, start, true);
		List<Map<String, Object>> out = page.rows()
			.stream()
			.map((item) -> renderItem(item, selected, originalUfNames))
			.toList();
		return new ListQuery.Page<>(out, page.total(), page.next());
	}

	Map<String, Object> itemFields(Object entityTypeId) {
		checkEntityType(entityTypeId);
		Map<String, Object> fields = new LinkedHashMap<>();
		for (SmartProcess.Field field : this.process.fields().values()) {
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("type", field.type());
			description.put("isRequired", false);
			description.put("isReadOnly", field.readOnly());
			description.put("isImmutable", false);
			description.put("isMultiple", field.multiple());
			description.put("isDynamic", field.dynamic());
			description.put("title", field.title());
			if (field.name().equals("stageId") || field.name().equals("previousStageId")) {
				description.put("statusType", this.process.stageEntityId(this.process.defaultCategory().id()));
			}
			if (field.dynamic()) {
				description.put("listLabel", field.title());
				description.put("formLabel", field.title());
				description.put("filterLabel", field.title());
				description.put("settings", Map.of());
			}
			description.put("upperName", field.upperName());
			fields.put(field.name(), description);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("fields", fields);
		return result;
	}

	private Optional<ListQuery.Field> itemField(String name) {
		return this.process.field(name)
			.map((field) -> new ListQuery.Field(field.name(), field.multiple() ? "list" : field.type()));
	}

	/** The item in field order; {@code select} (names or {@code *}) narrows it, {@code id} always stays. */
	private Map<String, Object> renderItem(Map<String, Object> item, List<String> select, boolean originalUfNames) {
		boolean all = select.isEmpty() || select.contains("*");
		List<String> wanted = select.stream()
			.map((name) -> this.process.field(name).map(SmartProcess.Field::name).orElse(name))
			.toList();
		Map<String, Object> out = new LinkedHashMap<>();
		for (SmartProcess.Field field : this.process.fields().values()) {
			if (!all && !wanted.contains(field.name()) && !field.name().equals("id")) {
				continue;
			}
			String key = (originalUfNames && field.dynamic()) ? field.upperName() : field.name();
			if (field.name().equals("stageSemanticId")) {
				out.put(key, this.process.stage((String) item.get("stageId"))
					.map((ref) -> ref.stage().semanticId())
					.orElse("P"));
			}
			else {
				out.put(key, copy(item.get(field.name())));
			}
		}
		return out;
	}

	private void checkEntityType(Object entityTypeId) {
		long value = requiredInt(entityTypeId, "entityTypeId");
		if (value != this.process.entityTypeId()) {
			throw RestError.notFound("Smart process not found");
		}
	}

	private static Map<String, Object> requiredFields(Object fields) {
		if (fields == null) {
			throw RestError.badRequest("100", "Could not find value for parameter {fields}");
		}
		if (!(fields instanceof Map) && !(fields instanceof List)) {
			throw RestError.badRequest("100", "Invalid value " + fields
					+ " to match with parameter {fields}. Should be value of type array.");
		}
		return ListQuery.asMap(fields);
	}

	static long requiredInt(Object value, String name) {
		if (value == null || "".equals(value)) {
			throw RestError.badRequest("100", "Could not find value for parameter {" + name + "}");
		}
		BigDecimal number = ListQuery.number(value);
		if (number == null || number.scale() > 0 && number.stripTrailingZeros().scale() > 0) {
			throw RestError.badRequest("100", "Invalid value " + value + " to match with parameter {" + name
					+ "}. Should be value of type int.");
		}
		return number.longValue();
	}

	/** Known, writable fields coerced to their types; unknown fields are ignored, as Bitrix24 does. */
	private Map<String, Object> coerceItemFields(Map<String, Object> input) {
		Map<String, Object> values = new LinkedHashMap<>();
		input.forEach((key, raw) -> {
			Optional<SmartProcess.Field> found = this.process.field(key);
			if (found.isEmpty() || found.get().readOnly()) {
				return;
			}
			SmartProcess.Field field = found.get();
			if (field.multiple()) {
				if (raw != null && !(raw instanceof Collection) && !(raw instanceof Map) && !"".equals(raw)) {
					throw RestError.badRequest("100", "Expected iterable value for multiple field, but got "
							+ ((raw instanceof String) ? "string" : raw.getClass().getSimpleName().toLowerCase(Locale.ROOT))
							+ " instead");
				}
				List<Long> ids = new ArrayList<>();
				for (String element : ListQuery.asStrings(raw)) {
					ids.add(toId(element, field));
				}
				values.put(field.name(), ids);
				return;
			}
			values.put(field.name(), coerce(field, raw));
		});
		return values;
	}

	private Object coerce(SmartProcess.Field field, Object raw) {
		boolean empty = raw == null || "".equals(raw);
		switch (field.type()) {
			case "integer", "user", "crm_company", "crm_contact", "crm_category":
				if (empty) {
					return field.dynamic() ? null : (field.type().equals("crm_category") ? null : 0L);
				}
				return toId(raw, field);
			case "double": {
				if (empty) {
					return field.dynamic() ? null : 0.0;
				}
				BigDecimal number = ListQuery.number(raw);
				if (number == null) {
					throw invalidField(field.name());
				}
				return number.doubleValue();
			}
			case "boolean":
				return empty ? "N" : (ListQuery.yes(raw) ? "Y" : "N");
			case "date": {
				if (empty) {
					return null;
				}
				LocalDate date = SandboxTime.parseDate(raw);
				if (date == null) {
					throw invalidField(field.name());
				}
				return SandboxTime.isoDate(date);
			}
			case "datetime": {
				if (empty) {
					return null;
				}
				Instant instant = SandboxTime.parse(raw);
				if (instant == null) {
					throw invalidField(field.name());
				}
				return SandboxTime.iso(instant);
			}
			default:
				return empty ? (field.name().equals("title") ? null : (raw == null ? null : "")) : String.valueOf(raw);
		}
	}

	private long toId(Object raw, SmartProcess.Field field) {
		BigDecimal number = ListQuery.number(raw);
		if (number == null) {
			throw invalidField(field.name());
		}
		return number.longValue();
	}

	private RestError invalidField(String name) {
		String title = this.process.field(name).map(SmartProcess.Field::title).orElse(name);
		return RestError.badRequest("CRM_FIELD_ERROR_VALUE_NOT_VALID", "Invalid value for field \"" + title + "\"");
	}

	/** The pipeline of a new item: as given, else the one of the given stage, else the default one. */
	private SmartProcess.Category resolveCategory(Object categoryId, Object stageId) {
		if (categoryId != null) {
			return this.process.category(asLong(categoryId)).orElseThrow(() -> invalidField("categoryId"));
		}
		if (stageId != null) {
			Optional<SmartProcess.StageRef> stage = this.process.stage(String.valueOf(stageId));
			if (stage.isPresent()) {
				return stage.get().category();
			}
		}
		return this.process.defaultCategory();
	}

	/** A stage of the pipeline: the given full id ({@code DT1036_11:NEW}) must belong to it; none is its first. */
	private SmartProcess.StageRef resolveStage(SmartProcess.Category category, Object stageId) {
		if (stageId == null || "".equals(stageId)) {
			SmartProcess.Stage first = category.firstStage();
			return new SmartProcess.StageRef(category, first, this.process.statusId(category.id(), first.code()));
		}
		return this.process.stage(String.valueOf(stageId))
			.filter((ref) -> ref.category().id() == category.id())
			.orElseThrow(() -> invalidField("stageId"));
	}

	/** {@code contactId} is the first of {@code contactIds}; setting either sets both. */
	@SuppressWarnings("unchecked")
	private static void linkContacts(Map<String, Object> item, Map<String, Object> values) {
		if (values.containsKey("contactIds")) {
			List<Long> ids = (List<Long>) values.get("contactIds");
			item.put("contactId", ids.isEmpty() ? 0L : ids.get(0));
		}
		else if (values.containsKey("contactId")) {
			long id = asLong(values.get("contactId"));
			item.put("contactIds", (id > 0) ? new ArrayList<>(List.of(id)) : new ArrayList<Long>());
		}
	}

	// --- the smart process's structure ---------------------------------------------------------------------

	ListQuery.Page<Map<String, Object>> listTypes(Object filter) {
		Map<String, Object> type = new LinkedHashMap<>();
		type.put("id", SmartProcess.TYPE_ID);
		type.put("title", SmartProcess.TITLE);
		type.put("code", "visit");
		type.put("createdBy", 1);
		type.put("entityTypeId", this.process.entityTypeId());
		type.put("customSectionId", null);
		for (String flag : List.of("isCategoriesEnabled", "isStagesEnabled", "isBeginCloseDatesEnabled",
				"isClientEnabled", "isUseInUserfieldEnabled", "isLinkWithProductsEnabled", "isMycompanyEnabled",
				"isDocumentsEnabled", "isSourceEnabled", "isObserversEnabled", "isRecyclebinEnabled",
				"isAutomationEnabled", "isBizProcEnabled", "isSetOpenPermissions")) {
			type.put(flag, "Y");
		}
		type.put("isPaymentsEnabled", "N");
		type.put("isCountersEnabled", "N");
		type.put("createdTime", "2024-11-26T10:52:17+03:00");
		type.put("updatedTime", "2025-02-12T15:32:39+03:00");
		type.put("updatedBy", 1);
		ListQuery.Fields fields = (name) -> switch (name) {
			case "id", "entityTypeId", "createdBy", "updatedBy" -> Optional.of(new ListQuery.Field(name, "integer"));
			case "title", "code" -> Optional.of(new ListQuery.Field(name, "string"));
			default -> Optional.empty();
		};
		List<Map<String, Object>> rows = new ArrayList<>(List.of(type));
		rows.removeIf(ListQuery.filter(filter, fields, false).negate());
		return new ListQuery.Page<>(rows, rows.size(), null);
	}

	ListQuery.Page<Map<String, Object>> listCategories(Object entityTypeId) {
		checkEntityType(entityTypeId);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (SmartProcess.Category category : this.process.categories()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", category.id());
			row.put("name", category.name());
			row.put("sort", category.sort());
			row.put("entityTypeId", this.process.entityTypeId());
			row.put("isDefault", category.isDefault() ? "Y" : "N");
			row.put("originId", "");
			row.put("originatorId", "");
			rows.add(row);
		}
		return new ListQuery.Page<>(rows, rows.size(), null);
	}

	ListQuery.Page<Map<String, Object>> listStatuses(Object filter, Object order, Object start) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (SmartProcess.Category category : this.process.categories()) {
			for (SmartProcess.Stage stage : category.stages()) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("ID", String.valueOf(stage.rowId()));
				row.put("ENTITY_ID", this.process.stageEntityId(category.id()));
				row.put("STATUS_ID", this.process.statusId(category.id(), stage.code()));
				row.put("NAME", stage.name());
				row.put("NAME_INIT", stage.system() ? stage.name() : "");
				row.put("SORT", String.valueOf(stage.sort()));
				row.put("SYSTEM", stage.system() ? "Y" : "N");
				row.put("CATEGORY_ID", String.valueOf(category.id()));
				row.put("COLOR", stage.color());
				row.put("SEMANTICS", stage.semantics());
				rows.add(row);
			}
		}
		ListQuery.Fields fields = (name) -> {
			String upper = name.toUpperCase(Locale.ROOT);
			return switch (upper) {
				case "ID", "SORT", "CATEGORY_ID" -> Optional.of(new ListQuery.Field(upper, "integer"));
				case "ENTITY_ID", "STATUS_ID", "NAME", "NAME_INIT", "SYSTEM", "COLOR", "SEMANTICS" ->
					Optional.of(new ListQuery.Field(upper, "string"));
				default -> Optional.empty();
			};
		};
		rows.removeIf(ListQuery.filter(filter, fields, false).negate());
		Object effectiveOrder = ListQuery.asMap(order).isEmpty() ? Map.of("SORT", "ASC") : order;
		rows.sort(ListQuery.order(effectiveOrder, fields, false));
		return ListQuery.page(rows, start, false);
	}

	// --- companies and contacts ----------------------------------------------------------------------------

	long addCompany(Object fieldsParam, long actor) {
		return addLegacy(LegacyEntity.COMPANY, fieldsParam, actor);
	}

	void updateCompany(Object idParam, Object fieldsParam, long actor) {
		updateLegacy(LegacyEntity.COMPANY, idParam, fieldsParam, actor);
	}

	Map<String, Object> getCompany(Object idParam) {
		return getLegacy(LegacyEntity.COMPANY, idParam);
	}

	ListQuery.Page<Map<String, Object>> listCompanies(Object select, Object filter, Object order, Object start) {
		return listLegacy(LegacyEntity.COMPANY, select, filter, order, start);
	}

	long addContact(Object fieldsParam, long actor) {
		return addLegacy(LegacyEntity.CONTACT, fieldsParam, actor);
	}

	void updateContact(Object idParam, Object fieldsParam, long actor) {
		updateLegacy(LegacyEntity.CONTACT, idParam, fieldsParam, actor);
	}

	Map<String, Object> getContact(Object idParam) {
		return getLegacy(LegacyEntity.CONTACT, idParam);
	}

	ListQuery.Page<Map<String, Object>> listContacts(Object select, Object filter, Object order, Object start) {
		return listLegacy(LegacyEntity.CONTACT, select, filter, order, start);
	}

	private TreeMap<Long, Map<String, Object>> store(LegacyEntity kind) {
		return (kind == LegacyEntity.COMPANY) ? this.state.companies : this.state.contacts;
	}

	private long addLegacy(LegacyEntity kind, Object fieldsParam, long actor) {
		Map<String, Object> input = legacyFields(fieldsParam);
		long id;
		synchronized (this.lock) {
			Map<String, Object> row = new LinkedHashMap<>();
			for (String field : kind.fields()) {
				row.put(field, null);
			}
			String now = SandboxTime.iso(now());
			row.put("OPENED", "Y");
			row.put("ASSIGNED_BY_ID", String.valueOf(actor));
			row.put("CREATED_BY_ID", String.valueOf(actor));
			row.put("MODIFY_BY_ID", String.valueOf(actor));
			row.put("DATE_CREATE", now);
			row.put("DATE_MODIFY", now);
			if (kind == LegacyEntity.COMPANY) {
				row.put("COMPANY_TYPE", "CUSTOMER");
				row.put("CURRENCY_ID", "RUB");
				row.put("REVENUE", "0");
				row.put("IS_MY_COMPANY", "N");
				row.put("COMMENTS", "");
			}
			applyLegacy(kind, row, input, false);
			requireLegacy(kind, row);
			id = (kind == LegacyEntity.COMPANY) ? ++this.state.lastCompanyId : ++this.state.lastContactId;
			row.put("ID", String.valueOf(id));
			store(kind).put(id, row);
		}
		this.events.entity("ONCRM" + kind.name().toUpperCase(Locale.ROOT) + "ADD", id);
		changed();
		return id;
	}

	private void updateLegacy(LegacyEntity kind, Object idParam, Object fieldsParam, long actor) {
		long id = legacyId(idParam);
		Map<String, Object> input = legacyFields(fieldsParam);
		synchronized (this.lock) {
			Map<String, Object> row = store(kind).get(id);
			if (row == null) {
				throw RestError.noCode("Not found");
			}
			Map<String, Object> changed = (Map<String, Object>) copy(row);
			applyLegacy(kind, changed, input, true);
			requireLegacy(kind, changed);
			changed.put("MODIFY_BY_ID", String.valueOf(actor));
			changed.put("DATE_MODIFY", SandboxTime.iso(now()));
			row.clear();
			row.putAll(changed);
		}
		this.events.entity("ONCRM" + kind.name().toUpperCase(Locale.ROOT) + "UPDATE", id);
		changed();
	}

	private Map<String, Object> getLegacy(LegacyEntity kind, Object idParam) {
		long id = legacyId(idParam);
		synchronized (this.lock) {
			Map<String, Object> row = store(kind).get(id);
			if (row == null) {
				throw RestError.noCode("Not found");
			}
			return kind.full(row);
		}
	}

	private ListQuery.Page<Map<String, Object>> listLegacy(LegacyEntity kind, Object select, Object filter,
			Object order, Object start) {
		ListQuery.Fields fields = kind::field;
		var predicate = ListQuery.filter(filter, fields, false);
		var comparator = ListQuery.order(order, fields, false);
		List<String> selected = ListQuery.asStrings(select);
		synchronized (this.lock) {
			List<Map<String, Object>> rows = store(kind).values()
				.stream()
				.filter(predicate)
				.sorted(comparator)
				.collect(Collectors.toCollection(ArrayList::new));
			ListQuery.Page<Map<String, Object>> page = ListQuery.page(rows, start, false);
			return new ListQuery.Page<>(page.rows().stream().map((row) -> kind.selected(row, selected)).toList(),
					page.total(), page.next());
		}
	}

	private static long legacyId(Object idParam) {
		BigDecimal number = ListQuery.number(idParam);
		if (idParam == null || number == null || number.longValue() <= 0) {
			throw RestError.noCode("ID is not defined or invalid.");
		}
		return number.longValue();
	}

	private static Map<String, Object> legacyFields(Object fieldsParam) {
		if (!(fieldsParam instanceof Map) && !(fieldsParam instanceof List)) {
			throw RestError.noCode("Parameter 'fields' must be array.");
		}
		return ListQuery.asMap(fieldsParam);
	}

	private static void requireLegacy(LegacyEntity kind, Map<String, Object> row) {
		if (kind == LegacyEntity.COMPANY && isBlank(row.get("TITLE"))) {
			throw RestError.noCode("Field \"Company name\" is required.");
		}
		if (kind == LegacyEntity.CONTACT && isBlank(row.get("NAME")) && isBlank(row.get("LAST_NAME"))) {
			throw RestError.noCode("Field \"Name\" is required.");
		}
	}

	/** Writable fields as strings; multi-fields per Bitrix24's rules (see {@link #applyMultiField}). */
	private void applyLegacy(LegacyEntity kind, Map<String, Object> row, Map<String, Object> input, boolean update) {
		input.forEach((key, value) -> {
			String field = key.toUpperCase(Locale.ROOT);
			if (!kind.writable(field)) {
				return;
			}
			if (LegacyEntity.MULTI_FIELDS.contains(field)) {
				applyMultiField(row, field, value);
			}
			else if (field.equals("COMPANY_IDS")) {
				List<String> ids = ListQuery.asStrings(value);
				row.put("COMPANY_IDS", new ArrayList<>(ids));
				row.put("COMPANY_ID", ids.isEmpty() ? null : ids.get(0));
			}
			else {
				String text = (value == null) ? null : (value instanceof Boolean bool) ? (bool ? "Y" : "N") : String.valueOf(value);
				row.put(field, text);
				if (field.equals("COMPANY_ID") && !input.containsKey("COMPANY_IDS")) {
					row.put("COMPANY_IDS", isBlank(text) ? new ArrayList<>() : new ArrayList<>(List.of(text)));
				}
			}
		});
		if (row.containsKey("HAS_PHONE")) {
			row.put("HAS_PHONE", hasValues(row.get("PHONE")) ? "Y" : "N");
			row.put("HAS_EMAIL", hasValues(row.get("EMAIL")) ? "Y" : "N");
		}
	}

	/**
	 * On add and update alike: an entry without {@code ID} is added (existing values stay); with {@code ID} and a
	 * {@code VALUE} it changes that value; with {@code ID} and {@code DELETE: "Y"} or an empty {@code VALUE} it
	 * deletes it.
	 */
	@SuppressWarnings("unchecked")
	private void applyMultiField(Map<String, Object> row, String type, Object input) {
		List<Map<String, Object>> current = (row.get(type) instanceof List<?> list)
				? new ArrayList<>((List<Map<String, Object>>) list) : new ArrayList<>();
		for (Object element : ListQuery.asMap(input).values()) {
			Map<String, Object> entry = ListQuery.asMap(element);
			String id = isBlank(entry.get("ID")) ? null : String.valueOf(entry.get("ID"));
			String value = (entry.get("VALUE") != null) ? String.valueOf(entry.get("VALUE")) : null;
			boolean delete = "Y".equalsIgnoreCase(String.valueOf(entry.get("DELETE")));
			if (id != null) {
				Map<String, Object> existing = current.stream()
					.filter((candidate) -> id.equals(String.valueOf(candidate.get("ID"))))
					.findFirst()
					.orElse(null);
				if (existing == null) {
					continue;
				}
				if (delete || isBlank(value)) {
					current.remove(existing);
				}
				else {
					Map<String, Object> changed = new LinkedHashMap<>(existing);
					changed.put("VALUE", value);
					if (!isBlank(entry.get("VALUE_TYPE"))) {
						changed.put("VALUE_TYPE", String.valueOf(entry.get("VALUE_TYPE")));
					}
					current.set(current.indexOf(existing), changed);
				}
			}
			else if (!delete && !isBlank(value)) {
				Map<String, Object> added = new LinkedHashMap<>();
				added.put("ID", String.valueOf(++this.state.lastMultiFieldId));
				added.put("VALUE_TYPE", isBlank(entry.get("VALUE_TYPE")) ? "WORK" : String.valueOf(entry.get("VALUE_TYPE")));
				added.put("VALUE", value);
				added.put("TYPE_ID", type);
				current.add(added);
			}
		}
		row.put(type, current);
	}

	private static boolean hasValues(Object multiField) {
		return multiField instanceof List<?> list && !list.isEmpty();
	}

	// --- requisites and addresses --------------------------------------------------------------------------

	ListQuery.Page<Map<String, Object>> listRequisites(Object select, Object filter, Object order, Object start) {
		synchronized (this.lock) {
			return listRows(new ArrayList<>(this.state.requisites.values()), select, filter, order, start);
		}
	}

	ListQuery.Page<Map<String, Object>> listAddresses(Object select, Object filter, Object order, Object start) {
		synchronized (this.lock) {
			return listRows(new ArrayList<>(this.state.addresses), select, filter, order, start);
		}
	}

	private static ListQuery.Page<Map<String, Object>> listRows(List<Map<String, Object>> all, Object select,
			Object filter, Object order, Object start) {
		List<String> columns = all.isEmpty() ? List.of() : new ArrayList<>(all.get(0).keySet());
		ListQuery.Fields fields = (name) -> {
			String upper = name.toUpperCase(Locale.ROOT);
			if (!columns.contains(upper)) {
				return Optional.empty();
			}
			String type = upper.equals("ID") || upper.endsWith("_ID") && !upper.equals("XML_ID")
					&& !upper.equals("ORIGINATOR_ID") && !upper.equals("LOC_ADDR_ID") ? "integer"
							: upper.startsWith("DATE_") ? "datetime" : "string";
			return Optional.of(new ListQuery.Field(upper, type));
		};
		List<Map<String, Object>> rows = all.stream()
			.filter(ListQuery.filter(filter, fields, false))
			.sorted(ListQuery.order(order, fields, false))
			.collect(Collectors.toCollection(ArrayList::new));
		ListQuery.Page<Map<String, Object>> page = ListQuery.page(rows, start, true);
		List<String> selected = ListQuery.asStrings(select)
			.stream()
			.map((name) -> name.toUpperCase(Locale.ROOT))
			.filter((name) -> !name.equals("*"))
			.toList();
		List<Map<String, Object>> out = new ArrayList<>();
		for (Map<String, Object> row : page.rows()) {
			Map<String, Object> copy = new LinkedHashMap<>();
			for (String column : selected.isEmpty() ? columns : selected) {
				if (row.containsKey(column)) {
					copy.put(column, copy(row.get(column)));
				}
			}
			out.add(copy);
		}
		return new ListQuery.Page<>(out, page.total(), page.next());
	}

	// --- users ---------------------------------------------------------------------------------------------

	ListQuery.Page<Map<String, Object>> listUsers(Map<String, Object> params) {
		Map<String, Object> filter = new LinkedHashMap<>();
		params.forEach((key, value) -> {
			switch (key.toUpperCase(Locale.ROOT)) {
				case "FILTER" -> filter.putAll(ListQuery.asMap(value));
				case "SORT", "ORDER", "SELECT", "START", "ADMIN_MODE" -> {
				}
				default -> filter.put(key, value);
			}
		});
		Object search = filter.remove("NAME_SEARCH");
		Object find = filter.remove("FIND");
		ListQuery.Fields fields = (name) -> {
			String upper = name.toUpperCase(Locale.ROOT);
			return switch (upper) {
				case "ID" -> Optional.of(new ListQuery.Field(upper, "integer"));
				case "ACTIVE" -> Optional.of(new ListQuery.Field(upper, "boolean"));
				case "UF_DEPARTMENT" -> Optional.of(new ListQuery.Field(upper, "list"));
				case "NAME", "LAST_NAME", "SECOND_NAME", "EMAIL", "WORK_POSITION", "USER_TYPE", "TIME_ZONE",
						"PERSONAL_GENDER", "XML_ID" ->
					Optional.of(new ListQuery.Field(upper, "string"));
				default -> Optional.empty();
			};
		};
		String sortField = String.valueOf(params.getOrDefault("sort", params.getOrDefault("SORT", "ID")));
		String direction = String.valueOf(params.getOrDefault("order", params.getOrDefault("ORDER", "ASC")));
		synchronized (this.lock) {
			List<Map<String, Object>> rows = this.state.users.stream()
				.filter(ListQuery.filter(filter, fields, false))
				.filter((user) -> matchesName(user, search) && matchesName(user, find))
				.sorted(ListQuery.order(Map.of(sortField, direction), fields, false))
				.map((user) -> (Map<String, Object>) copy(user))
				.collect(Collectors.toCollection(ArrayList::new));
			return ListQuery.page(rows, params.getOrDefault("start", params.get("START")), false);
		}
	}

	private static boolean matchesName(Map<String, Object> user, Object search) {
		if (isBlank(search)) {
			return true;
		}
		String haystack = (user.get("NAME") + " " + user.get("LAST_NAME") + " " + user.get("SECOND_NAME") + " "
				+ user.get("EMAIL")).toLowerCase(Locale.ROOT);
		return haystack.contains(String.valueOf(search).toLowerCase(Locale.ROOT));
	}

	Map<String, Object> user(long id) {
		synchronized (this.lock) {
			return findUser(id).map((user) -> (Map<String, Object>) copy(user))
				.orElseThrow(() -> RestError.noCode("User not found"));
		}
	}

	boolean userExists(long id) {
		synchronized (this.lock) {
			return findUser(id).isPresent();
		}
	}

	private Optional<Map<String, Object>> findUser(long id) {
		return this.state.users.stream().filter((user) -> String.valueOf(id).equals(user.get("ID"))).findFirst();
	}

	private ZoneId zoneOf(long userId) {
		return findUser(userId).map((user) -> (String) user.get("TIME_ZONE"))
			.filter((zone) -> zone != null && !zone.isBlank())
			.map(ZoneId::of)
			.orElse(SandboxTime.PORTAL_ZONE);
	}

	private String userName(long userId) {
		return findUser(userId).map((user) -> (user.get("NAME") + " " + user.get("LAST_NAME")).trim()).orElse("");
	}

	// --- calendar ------------------------------------------------------------------------------------------

	private static String missingParam(String param, String method) {
		return "The required parameter \"" + param + "\" for the method \"" + method + "\" is not set";
	}

	/** PHP's {@code empty()}: null, "", "0", 0, false and empty arrays. */
	private static boolean phpEmpty(Object value) {
		if (value == null || Boolean.FALSE.equals(value)) {
			return true;
		}
		if (value instanceof Collection<?> collection) {
			return collection.isEmpty();
		}
		if (value instanceof Map<?, ?> map) {
			return map.isEmpty();
		}
		String text = String.valueOf(value);
		return text.isEmpty() || text.equals("0");
	}

	long addCalendarEvent(Map<String, Object> params, long actor) {
		String method = "calendar.event.add";
		synchronized (this.lock) {
			ZoneId zone = eventZone(params, actor);
			Instant from = eventTime(params, "from", "from_ts", zone);
			Instant to = eventTime(params, "to", "to_ts", zone);
			for (String param : List.of("from", "to", "name", "ownerId", "type")) {
				Object value = switch (param) {
					case "from" -> from;
					case "to" -> to;
					default -> params.get(param);
				};
				if (phpEmpty(value) && !(param.equals("ownerId") && params.containsKey("ownerId") && value != null)) {
					throw RestError.noCode(missingParam(param, method));
				}
			}
			if (!(params.get("name") instanceof String)) {
				throw RestError.noCode("Invalid value for the \"name\" parameter.");
			}
			if (params.containsKey("description") && !(params.get("description") instanceof String)) {
				throw RestError.noCode("Invalid value for the \"description\" parameter.");
			}
			if (params.containsKey("auto_detect_section") && !"Y".equals(params.get("auto_detect_section"))
					&& phpEmpty(params.get("section"))) {
				throw RestError.noCode(missingParam("section", method));
			}
			String type = String.valueOf(params.get("type"));
			long ownerId = ListQuery.number(params.get("ownerId")) != null ? ListQuery.number(params.get("ownerId")).longValue() : 0;
			String section = section(type, ownerId, params.get("section"))
				.orElseThrow(() -> RestError.noCode("CAL_REST_SECTION_ERROR"));
			long id = ++this.state.lastCalendarEventId;
			Instant now = now();
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("id", id);
			event.put("type", type);
			event.put("ownerId", ownerId);
			event.put("name", ((String) params.get("name")).trim());
			event.put("from", from.getEpochSecond());
			event.put("to", to.getEpochSecond());
			boolean skipTime = "Y".equals(params.get("skip_time")) || "Y".equals(params.get("skipTime"));
			event.put("skipTime", skipTime);
			event.put("tzFrom", skipTime ? "" : zone.getId());
			event.put("tzTo", skipTime ? "" : eventZoneTo(params, zone).getId());
			event.put("section", section);
			event.put("createdBy", actor);
			event.put("created", now.getEpochSecond());
			event.put("modified", now.getEpochSecond());
			event.put("davXmlId", UUID.nameUUIDFromBytes(("event-" + id).getBytes()).toString().replace("-", ""));
			applyCalendarOptions(event, params, actor);
			this.state.calendarEvents.put(id, event);
			changed();
			return id;
		}
	}

	long updateCalendarEvent(Map<String, Object> params, long actor) {
		String method = "calendar.event.update";
		synchronized (this.lock) {
			for (String param : List.of("id", "ownerId", "type")) {
				Object value = params.get(param);
				if (phpEmpty(value) && !(param.equals("ownerId") && value != null)) {
					throw RestError.noCode(missingParam(param, method) + ".");
				}
			}
			// the method checks that name is a string even when it is not being changed
			if (!(params.get("name") instanceof String)) {
				throw RestError.noCode("Invalid value for the \"name\" parameter.");
			}
			if (params.containsKey("description") && !(params.get("description") instanceof String)) {
				throw RestError.noCode("Invalid value for the \"description\" parameter.");
			}
			long id = ListQuery.number(params.get("id")) != null ? ListQuery.number(params.get("id")).longValue() : 0;
			Map<String, Object> event = this.state.calendarEvents.get(id);
			if (event == null) {
				throw RestError.noCode("An error occurred while modifying the event.");
			}
			String type = String.valueOf(params.get("type"));
			long ownerId = ListQuery.number(params.get("ownerId")) != null ? ListQuery.number(params.get("ownerId")).longValue() : 0;
			if (!isBlank(params.get("section"))) {
				event.put("section", section(type, ownerId, params.get("section"))
					.orElseThrow(() -> RestError.noCode("CAL_REST_SECTION_ERROR")));
			}
			ZoneId zone = eventZone(params, actor);
			Instant from = eventTime(params, "from", "from_ts", zone);
			Instant to = eventTime(params, "to", "to_ts", zone);
			if (params.containsKey("skip_time") || params.containsKey("skipTime")) {
				event.put("skipTime", "Y".equals(params.get("skip_time")) || "Y".equals(params.get("skipTime")));
			}
			if (from != null) {
				event.put("from", from.getEpochSecond());
			}
			if (to != null) {
				event.put("to", to.getEpochSecond());
			}
			if (params.containsKey("timezone_from") && !Boolean.TRUE.equals(event.get("skipTime"))) {
				event.put("tzFrom", zone.getId());
				event.put("tzTo", eventZoneTo(params, zone).getId());
			}
			String name = ((String) params.get("name")).trim();
			event.put("name", name.isEmpty() ? "Новое событие" : name);
			event.put("modified", now().getEpochSecond());
			applyCalendarOptions(event, params, actor);
			changed();
			return id;
		}
	}

	boolean deleteCalendarEvent(Object idParam) {
		BigDecimal id = ListQuery.number(idParam);
		if (idParam == null || id == null || id.longValue() <= 0) {
			throw RestError.noCode("Event id not specified");
		}
		synchronized (this.lock) {
			if (this.state.calendarEvents.remove(id.longValue()) == null) {
				throw RestError.noCode("An error occurred while deleting the event");
			}
		}
		changed();
		return true;
	}

	/** The event or null (the method answers {@code "result": null} for an unknown id). */
	Map<String, Object> calendarEvent(Object idParam, long viewer) {
		if (phpEmpty(idParam)) {
			throw RestError.noCode(missingParam("id", "calendar.event.getbyid"));
		}
		BigDecimal id = ListQuery.number(idParam);
		synchronized (this.lock) {
			Map<String, Object> event = (id != null) ? this.state.calendarEvents.get(id.longValue()) : null;
			return (event != null) ? renderCalendarEvent(event, viewer) : null;
		}
	}

	List<Map<String, Object>> calendarEvents(Map<String, Object> params, long viewer) {
		for (String param : List.of("type", "ownerId")) {
			if (!params.containsKey(param) || params.get(param) == null) {
				throw RestError.noCode(missingParam(param, "calendar.event.get"));
			}
		}
		String type = String.valueOf(params.get("type"));
		BigDecimal owner = ListQuery.number(params.get("ownerId"));
		long ownerId = (owner != null) ? owner.longValue() : 0;
		Instant today = LocalDate.now(this.clock.withZone(SandboxTime.PORTAL_ZONE)).atStartOfDay(SandboxTime.PORTAL_ZONE).toInstant();
		Instant from = Optional.ofNullable(SandboxTime.parse(params.get("from"))).orElse(today.minus(Duration.ofDays(31)));
		Instant to = Optional.ofNullable(SandboxTime.parse(params.get("to"))).orElse(today.plus(Duration.ofDays(92)));
		List<String> sections = ListQuery.asStrings(params.get("section"));
		synchronized (this.lock) {
			return this.state.calendarEvents.values()
				.stream()
				.filter((event) -> type.equals(event.get("type")) && asLong(event.get("ownerId")) == ownerId)
				.filter((event) -> sections.isEmpty() || sections.contains(String.valueOf(event.get("section"))))
				.filter((event) -> asLong(event.get("to")) >= from.getEpochSecond()
						&& asLong(event.get("from")) <= to.plus(Duration.ofDays(1)).getEpochSecond())
				.sorted(Comparator.comparingLong((Map<String, Object> event) -> asLong(event.get("from"))))
				.map((event) -> renderCalendarEvent(event, viewer))
				.toList();
		}
	}

	/** Calendar sections: each user's own calendar (id = user id + 3), the company calendar (1); no groups. */
	private Optional<String> section(String type, long ownerId, Object requested) {
		String available = switch (type) {
			case "user" -> findUser(ownerId).isPresent() ? String.valueOf(ownerId + 3) : null;
			case "company_calendar" -> "1";
			default -> null;
		};
		if (available == null) {
			return Optional.empty();
		}
		if (!isBlank(requested) && !available.equals(String.valueOf(requested))) {
			return Optional.empty();
		}
		return Optional.of(available);
	}

	/** The zone naive times are read in: {@code timezone_from}, else the calling user's. */
	private ZoneId eventZone(Map<String, Object> params, long actor) {
		Object zone = params.get("timezone_from");
		if (!isBlank(zone)) {
			try {
				return ZoneId.of(String.valueOf(zone));
			}
			catch (RuntimeException ex) {
				// an unknown zone: Bitrix24 falls back to the user's
			}
		}
		return zoneOf(actor);
	}

	private static ZoneId eventZoneTo(Map<String, Object> params, ZoneId from) {
		Object zone = params.get("timezone_to");
		if (!isBlank(zone)) {
			try {
				return ZoneId.of(String.valueOf(zone));
			}
			catch (RuntimeException ex) {
				// as timezone_from
			}
		}
		return from;
	}

	private static Instant eventTime(Map<String, Object> params, String name, String tsName, ZoneId zone) {
		if (!isBlank(params.get(name))) {
			return SandboxTime.parse(params.get(name), zone);
		}
		if (!isBlank(params.get(tsName))) {
			BigDecimal seconds = ListQuery.number(params.get(tsName));
			return (seconds != null) ? Instant.ofEpochSecond(seconds.longValue()) : null;
		}
		return null;
	}

	private void applyCalendarOptions(Map<String, Object> event, Map<String, Object> params, long actor) {
		for (String option : List.of("description", "location", "color", "accessibility", "importance")) {
			if (params.containsKey(option)) {
				event.put(option, (params.get(option) == null) ? null : String.valueOf(params.get(option)).trim());
			}
		}
		if (params.containsKey("private_event")) {
			event.put("privateEvent", "Y".equals(params.get("private_event")));
		}
		if (params.containsKey("remind")) {
			event.put("remind", copy(ListQuery.asMap(params.get("remind")).values().stream().toList()));
		}
		if (params.containsKey("crm_fields")) {
			event.put("crm", new ArrayList<>(ListQuery.asStrings(params.get("crm_fields"))));
		}
		if (params.containsKey("is_meeting")) {
			boolean meeting = "Y".equals(params.get("is_meeting"));
			event.put("meeting", meeting);
			// is_meeting=Y without attendees clears them
			List<Long> attendees = new ArrayList<>();
			if (meeting) {
				for (String attendee : ListQuery.asStrings(params.get("attendees"))) {
					BigDecimal userId = ListQuery.number(attendee);
					if (userId != null && !attendees.contains(userId.longValue())) {
						attendees.add(userId.longValue());
					}
				}
				event.put("host", isBlank(params.get("host")) ? actor : asLong(params.get("host")));
			}
			event.put("attendees", attendees);
		}
	}

	/** The shape of calendar.event.getbyid: locale-formatted dates plus the {@code *_TS_UTC} seconds. */
	private Map<String, Object> renderCalendarEvent(Map<String, Object> event, long viewer) {
		boolean skipTime = Boolean.TRUE.equals(event.get("skipTime"));
		ZoneId zoneFrom = skipTime || isBlank(event.get("tzFrom")) ? SandboxTime.PORTAL_ZONE : ZoneId.of((String) event.get("tzFrom"));
		ZoneId zoneTo = skipTime || isBlank(event.get("tzTo")) ? zoneFrom : ZoneId.of((String) event.get("tzTo"));
		Instant from = Instant.ofEpochSecond(asLong(event.get("from")));
		Instant to = Instant.ofEpochSecond(asLong(event.get("to")));
		Instant created = Instant.ofEpochSecond(asLong(event.get("created")));
		Instant modified = Instant.ofEpochSecond(asLong(event.get("modified")));
		String id = String.valueOf(event.get("id"));
		long owner = asLong(event.get("ownerId"));
		boolean meeting = Boolean.TRUE.equals(event.get("meeting"));
		long host = event.get("host") != null ? asLong(event.get("host")) : asLong(event.get("createdBy"));
		ZoneId viewerZone = zoneOf(viewer);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("ID", id);
		out.put("PARENT_ID", id);
		out.put("DELETED", "N");
		out.put("CAL_TYPE", event.get("type"));
		out.put("OWNER_ID", String.valueOf(owner));
		out.put("NAME", event.get("name"));
		out.put("DATE_FROM", skipTime ? SandboxTime.russianDate(from, zoneFrom) : SandboxTime.russian(from, zoneFrom));
		out.put("DATE_TO", skipTime ? SandboxTime.russianDate(to, zoneTo) : SandboxTime.russian(to, zoneTo));
		out.put("ORIGINAL_DATE_FROM", null);
		out.put("TZ_FROM", event.get("tzFrom"));
		out.put("TZ_TO", event.get("tzTo"));
		out.put("TZ_OFFSET_FROM", String.valueOf(zoneFrom.getRules().getOffset(from).getTotalSeconds()));
		out.put("TZ_OFFSET_TO", String.valueOf(zoneTo.getRules().getOffset(to).getTotalSeconds()));
		out.put("DATE_FROM_TS_UTC", String.valueOf(from.getEpochSecond()));
		out.put("DATE_TO_TS_UTC", String.valueOf(to.getEpochSecond()));
		out.put("DT_SKIP_TIME", skipTime ? "Y" : "N");
		out.put("DT_LENGTH", (int) (to.getEpochSecond() - from.getEpochSecond() + (skipTime ? 86_400 : 0)));
		out.put("EVENT_TYPE", null);
		out.put("CREATED_BY", String.valueOf(event.get("createdBy")));
		out.put("DATE_CREATE", SandboxTime.russian(created, viewerZone));
		out.put("TIMESTAMP_X", SandboxTime.russian(modified, viewerZone));
		out.put("DESCRIPTION", Objects.toString(event.get("description"), ""));
		out.put("PRIVATE_EVENT", Boolean.TRUE.equals(event.get("privateEvent")) ? "1" : "");
		out.put("ACCESSIBILITY", Objects.toString(event.get("accessibility"), "busy"));
		out.put("IMPORTANCE", Objects.toString(event.get("importance"), "normal"));
		out.put("IS_MEETING", meeting);
		out.put("MEETING_STATUS", "H");
		out.put("MEETING_HOST", String.valueOf(host));
		Map<String, Object> meetingInfo = new LinkedHashMap<>();
		meetingInfo.put("HOST_NAME", userName(host));
		meetingInfo.put("NOTIFY", false);
		meetingInfo.put("REINVITE", false);
		meetingInfo.put("ALLOW_INVITE", false);
		meetingInfo.put("HIDE_GUESTS", false);
		meetingInfo.put("MEETING_CREATOR", host);
		meetingInfo.put("LANGUAGE_ID", "ru");
		meetingInfo.put("MAIL_FROM", "");
		out.put("MEETING", meetingInfo);
		out.put("LOCATION", Objects.toString(event.get("location"), ""));
		out.put("REMIND", (event.get("remind") != null) ? copy(event.get("remind")) : List.of());
		out.put("COLOR", Objects.toString(event.get("color"), "#9dcf00"));
		out.put("RRULE", "");
		out.put("EXDATE", "");
		out.put("DAV_XML_ID", SandboxTime.iso(from, ZoneOffset.UTC).replaceAll("[-:]", "").replace("+0000", "Z")
				+ "-" + event.get("davXmlId") + "@" + "visitflow-sandbox.bitrix24.ru");
		out.put("G_EVENT_ID", "");
		out.put("DAV_EXCH_LABEL", "");
		out.put("CAL_DAV_LABEL", "");
		out.put("VERSION", "1");
		List<Long> attendees = new ArrayList<>();
		if (event.get("attendees") instanceof List<?> list) {
			list.forEach((attendee) -> attendees.add(asLong(attendee)));
		}
		if (attendees.isEmpty()) {
			attendees.add(owner);
		}
		out.put("ATTENDEES_CODES", attendees.stream().map((user) -> "U" + user).toList());
		out.put("RECURRENCE_ID", null);
		out.put("RELATIONS", "");
		out.put("SECTION_ID", String.valueOf(event.get("section")));
		out.put("SYNC_STATUS", null);
		Object crm = event.get("crm");
		out.put("UF_CRM_CAL_EVENT", (crm instanceof List<?> list && !list.isEmpty()) ? copy(list) : false);
		out.put("UF_WEBDAV_CAL_EVENT", false);
		out.put("SECTION_DAV_XML_ID", null);
		DateTimeFormatter formatted = DateTimeFormatter
			.ofPattern("EEE MMM dd yyyy HH:mm:ss", Locale.ENGLISH);
		out.put("DATE_FROM_FORMATTED", formatted.format(from.atZone(zoneFrom)));
		out.put("DATE_TO_FORMATTED", formatted.format(to.atZone(zoneTo)));
		out.put("SECT_ID", String.valueOf(event.get("section")));
		List<Map<String, Object>> attendeeList = new ArrayList<>();
		List<Map<String, Object>> entities = new ArrayList<>();
		for (Long attendee : attendees) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", attendee);
			row.put("entryId", id);
			row.put("status", (attendee == host) ? "H" : "Q");
			attendeeList.add(row);
			Map<String, Object> entity = new LinkedHashMap<>();
			entity.put("entityId", "user");
			entity.put("id", attendee);
			entities.add(entity);
		}
		out.put("ATTENDEE_LIST", attendeeList);
		out.put("COLLAB_ID", null);
		out.put("attendeesEntityList", entities);
		out.put("~DESCRIPTION", Objects.toString(event.get("description"), ""));
		out.put("~USER_OFFSET_FROM", viewerZone.getRules().getOffset(from).getTotalSeconds());
		out.put("~USER_OFFSET_TO", viewerZone.getRules().getOffset(to).getTotalSeconds());
		return out;
	}

	// --- tasks ---------------------------------------------------------------------------------------------

	private static final Map<String, String> TASK_FIELDS = Map.ofEntries(Map.entry("TITLE", "title"),
			Map.entry("DESCRIPTION", "description"), Map.entry("RESPONSIBLE_ID", "responsibleId"),
			Map.entry("CREATED_BY", "createdBy"), Map.entry("DEADLINE", "deadline"),
			Map.entry("START_DATE_PLAN", "startDatePlan"), Map.entry("END_DATE_PLAN", "endDatePlan"),
			Map.entry("PRIORITY", "priority"), Map.entry("GROUP_ID", "groupId"), Map.entry("UF_CRM_TASK", "ufCrmTask"),
			Map.entry("AUDITORS", "auditors"), Map.entry("ACCOMPLICES", "accomplices"), Map.entry("STATUS", "status"),
			Map.entry("PARENT_ID", "parentId"), Map.entry("XML_ID", "xmlId"));

	Map<String, Object> addTask(Object fieldsParam, long actor) {
		if (phpEmpty(fieldsParam) || !(fieldsParam instanceof Map || fieldsParam instanceof List)) {
			throw RestError.badRequest("100", "Could not find value for parameter {fields}");
		}
		Map<String, Object> input = new LinkedHashMap<>();
		ListQuery.asMap(fieldsParam).forEach((key, value) -> {
			String upper = key.toUpperCase(Locale.ROOT);
			String camel = TASK_FIELDS.containsKey(upper) ? TASK_FIELDS.get(upper)
					: TASK_FIELDS.containsValue(key) ? key : null;
			if (camel != null) {
				input.put(camel, value);
			}
		});
		if (isBlank(input.get("title"))) {
			throw RestError.badRequest("ERROR_CORE", "Task title not specified<br>");
		}
		if (isBlank(input.get("responsibleId"))) {
			throw RestError.badRequest("ERROR_CORE", "Assignee not specified<br>");
		}
		long responsible = asLong(input.get("responsibleId"));
		synchronized (this.lock) {
			if (findUser(responsible).isEmpty()) {
				throw RestError.badRequest("ERROR_CORE", "User specified in the \"Assignee\" field not found<br>");
			}
			if (input.containsKey("status") && !List.of("1", "2", "3", "4", "5", "6", "7")
				.contains(String.valueOf(input.get("status")))) {
				throw RestError.badRequest("ERROR_CORE", "Invalid status<br>");
			}
			long id = ++this.state.lastTaskId;
			long creator = isBlank(input.get("createdBy")) ? actor : asLong(input.get("createdBy"));
			String now = SandboxTime.iso(now());
			Map<String, Object> task = new LinkedHashMap<>();
			task.put("id", String.valueOf(id));
			task.put("parentId", isBlank(input.get("parentId")) ? null : String.valueOf(input.get("parentId")));
			task.put("title", String.valueOf(input.get("title")));
			task.put("description", Objects.toString(input.get("description"), ""));
			task.put("mark", null);
			task.put("priority", Objects.toString(input.get("priority"), "1"));
			task.put("multitask", "N");
			task.put("notViewed", "N");
			task.put("replicate", "N");
			task.put("stageId", "0");
			task.put("createdBy", String.valueOf(creator));
			task.put("createdDate", now);
			task.put("responsibleId", String.valueOf(responsible));
			task.put("changedBy", String.valueOf(creator));
			task.put("changedDate", now);
			task.put("statusChangedBy", null);
			task.put("closedBy", null);
			task.put("closedDate", null);
			task.put("activityDate", now);
			task.put("dateStart", null);
			task.put("deadline", taskDate(input.get("deadline")));
			task.put("startDatePlan", taskDate(input.get("startDatePlan")));
			task.put("endDatePlan", taskDate(input.get("endDatePlan")));
			task.put("guid", "{" + UUID.nameUUIDFromBytes(("task-" + id).getBytes()) + "}");
			task.put("xmlId", isBlank(input.get("xmlId")) ? null : String.valueOf(input.get("xmlId")));
			task.put("commentsCount", null);
			task.put("allowChangeDeadline", "N");
			task.put("allowTimeTracking", "N");
			task.put("taskControl", "N");
			task.put("addInReport", "N");
			task.put("timeEstimate", "0");
			task.put("siteId", "s1");
			task.put("subordinate", "Y");
			task.put("status", Objects.toString(input.get("status"), "2"));
			task.put("statusChangedDate", now);
			task.put("durationPlan", null);
			task.put("durationType", "days");
			task.put("favorite", "N");
			task.put("groupId", Objects.toString(input.get("groupId"), "0"));
			task.put("auditors", ListQuery.asStrings(input.get("auditors")));
			task.put("accomplices", ListQuery.asStrings(input.get("accomplices")));
			task.put("checklist", List.of());
			task.put("group", List.of());
			task.put("creator", person(creator));
			task.put("responsible", person(responsible));
			task.put("accomplicesData", List.of());
			task.put("auditorsData", List.of());
			task.put("newCommentsCount", 0);
			// kept with the task, but tasks.task.add does not return it
			task.put("ufCrmTask", new ArrayList<>(ListQuery.asStrings(input.get("ufCrmTask"))));
			this.state.tasks.put(id, task);
			Map<String, Object> answer = (Map<String, Object>) copy(task);
			answer.remove("ufCrmTask");
			changed();
			return answer;
		}
	}

	private static String taskDate(Object value) {
		Instant instant = SandboxTime.parse(value);
		return (instant != null) ? SandboxTime.iso(instant) : null;
	}

	private Map<String, Object> person(long userId) {
		Map<String, Object> person = new LinkedHashMap<>();
		person.put("id", String.valueOf(userId));
		person.put("name", userName(userId));
		person.put("link", "/company/personal/user/" + userId + "/");
		person.put("icon", "/bitrix/images/tasks/default_avatar.png");
		person.put("workPosition", findUser(userId).map((user) -> user.get("WORK_POSITION")).orElse(""));
		return person;
	}

	// --- timeline comments ---------------------------------------------------------------------------------

	long addComment(Object fieldsParam, long actor) {
		if (!(fieldsParam instanceof Map || fieldsParam instanceof List)) {
			throw RestError.badRequest("100", "Required fields not provided");
		}
		Map<String, Object> fields = ListQuery.asMap(fieldsParam);
		if (isBlank(fields.get("ENTITY_ID")) || isBlank(fields.get("ENTITY_TYPE"))) {
			throw RestError.badRequest("100", "Required fields not provided");
		}
		if (isBlank(fields.get("COMMENT"))) {
			throw RestError.badRequest("INVALID_ARG_VALUE", "Empty comment");
		}
		String entityType = String.valueOf(fields.get("ENTITY_TYPE")).toLowerCase(Locale.ROOT);
		long entityId = asLong(fields.get("ENTITY_ID"));
		synchronized (this.lock) {
			boolean exists = switch (entityType) {
				case "company" -> this.state.companies.containsKey(entityId);
				case "contact" -> this.state.contacts.containsKey(entityId);
				default -> entityType.equals("dynamic_" + this.process.entityTypeId()) ? this.state.items.containsKey(entityId)
						: notFoundOwnerType();
			};
			if (!exists) {
				throw RestError.badRequest("OWNER_NOT_FOUND", "Owner of the element not found");
			}
			List<Map<String, Object>> files = new ArrayList<>();
			for (Object file : ListQuery.asMap(fields.get("FILES")).values()) {
				List<String> parts = ListQuery.asStrings(file);
				if (parts.size() < 2 || parts.get(1).isEmpty()) {
					throw RestError.badRequest("INVALID_ARG_VALUE", "File content is empty");
				}
				Map<String, Object> stored = new LinkedHashMap<>();
				stored.put("name", parts.get(0));
				stored.put("size", decodedSize(parts.get(1)));
				files.add(stored);
			}
			long id = ++this.state.lastCommentId;
			Map<String, Object> comment = new LinkedHashMap<>();
			comment.put("ID", id);
			comment.put("CREATED", SandboxTime.iso(now()));
			comment.put("ENTITY_ID", entityId);
			comment.put("ENTITY_TYPE", entityType);
			comment.put("AUTHOR_ID", isBlank(fields.get("AUTHOR_ID")) ? actor : asLong(fields.get("AUTHOR_ID")));
			comment.put("COMMENT", String.valueOf(fields.get("COMMENT")));
			comment.put("FILES", files);
			this.state.comments.put(id, comment);
			changed();
			return id;
		}
	}

	private static boolean notFoundOwnerType() {
		throw RestError.notFound("Not found.");
	}

	private static long decodedSize(String base64) {
		try {
			return Base64.getDecoder().decode(base64.trim()).length;
		}
		catch (IllegalArgumentException ex) {
			return base64.length() * 3L / 4;
		}
	}

	// --- the page's and tests' view ------------------------------------------------------------------------

	List<Map<String, Object>> items() {
		synchronized (this.lock) {
			return this.state.items.values().stream().map((item) -> renderItem(item, List.of(), false)).toList();
		}
	}

	Optional<Map<String, Object>> item(long id) {
		synchronized (this.lock) {
			return Optional.ofNullable(this.state.items.get(id)).map((item) -> renderItem(item, List.of(), false));
		}
	}

	Optional<Map<String, Object>> company(long id) {
		synchronized (this.lock) {
			return Optional.ofNullable(this.state.companies.get(id)).map(LegacyEntity.COMPANY::full);
		}
	}

	/** The company's physical address row (TYPE_ID 1) of its first requisite. */
	Optional<Map<String, Object>> companyAddress(long companyId) {
		synchronized (this.lock) {
			return findCompanyAddress(companyId).map((address) -> (Map<String, Object>) copy(address));
		}
	}

	private Optional<Map<String, Object>> findCompanyAddress(long companyId) {
		return this.state.requisites.values()
			.stream()
			.filter((requisite) -> "4".equals(requisite.get("ENTITY_TYPE_ID"))
					&& String.valueOf(companyId).equals(requisite.get("ENTITY_ID")))
			.findFirst()
			.flatMap((requisite) -> this.state.addresses.stream()
				.filter((address) -> "8".equals(address.get("ENTITY_TYPE_ID"))
						&& String.valueOf(requisite.get("ID")).equals(address.get("ENTITY_ID"))
						&& "1".equals(address.get("TYPE_ID")))
				.findFirst());
	}

	/**
	 * Edits a company's actual address the way a person does in its card: the requisite's address row changes
	 * and so does the company ({@code DATE_MODIFY}, ONCRMCOMPANYUPDATE).
	 */
	void updateCompanyAddress(long companyId, Map<String, Object> address, long actor) {
		synchronized (this.lock) {
			Map<String, Object> company = this.state.companies.get(companyId);
			if (company == null) {
				throw new IllegalArgumentException("No company " + companyId);
			}
			Map<String, Object> row = findCompanyAddress(companyId).orElseGet(() -> {
				long requisiteId = ++this.state.lastRequisiteId;
				Map<String, Object> requisite = new LinkedHashMap<>();
				requisite.put("ID", String.valueOf(requisiteId));
				requisite.put("ENTITY_TYPE_ID", "4");
				requisite.put("ENTITY_ID", String.valueOf(companyId));
				requisite.put("PRESET_ID", "1");
				requisite.put("NAME", "Организация");
				requisite.put("ACTIVE", "Y");
				this.state.requisites.put(requisiteId, requisite);
				Map<String, Object> created = new LinkedHashMap<>();
				created.put("TYPE_ID", "1");
				created.put("ENTITY_TYPE_ID", "8");
				created.put("ENTITY_ID", String.valueOf(requisiteId));
				for (String field : List.of("ADDRESS_1", "ADDRESS_2", "CITY", "POSTAL_CODE", "REGION", "PROVINCE",
						"COUNTRY", "COUNTRY_CODE")) {
					created.put(field, null);
				}
				created.put("LOC_ADDR_ID", String.valueOf(++this.state.lastLocationId));
				created.put("ANCHOR_TYPE_ID", "4");
				created.put("ANCHOR_ID", String.valueOf(companyId));
				this.state.addresses.add(created);
				return created;
			});
			address.forEach((field, value) -> {
				if (row.containsKey(field) && !List.of("TYPE_ID", "ENTITY_TYPE_ID", "ENTITY_ID", "ANCHOR_TYPE_ID",
						"ANCHOR_ID").contains(field)) {
					row.put(field, (value == null) ? null : String.valueOf(value));
				}
			});
			company.put("MODIFY_BY_ID", String.valueOf(actor));
			company.put("DATE_MODIFY", SandboxTime.iso(now()));
		}
		this.events.entity("ONCRMCOMPANYUPDATE", companyId);
		changed();
	}

	List<Map<String, Object>> calendarEventsOf(long ownerId) {
		synchronized (this.lock) {
			return this.state.calendarEvents.values()
				.stream()
				.filter((event) -> "user".equals(event.get("type")) && asLong(event.get("ownerId")) == ownerId)
				.map((event) -> renderCalendarEvent(event, ownerId))
				.toList();
		}
	}

	List<Map<String, Object>> commentsOf(String entityType, long entityId) {
		synchronized (this.lock) {
			return this.state.comments.values()
				.stream()
				.filter((comment) -> entityType.equalsIgnoreCase(String.valueOf(comment.get("ENTITY_TYPE")))
						&& asLong(comment.get("ENTITY_ID")) == entityId)
				.map((comment) -> (Map<String, Object>) copy(comment))
				.toList();
		}
	}

	List<Map<String, Object>> tasks() {
		synchronized (this.lock) {
			return this.state.tasks.values().stream().map((task) -> (Map<String, Object>) copy(task)).toList();
		}
	}

	List<Map<String, Object>> users() {
		synchronized (this.lock) {
			return this.state.users.stream().map((user) -> (Map<String, Object>) copy(user)).toList();
		}
	}

	// --- helpers -------------------------------------------------------------------------------------------

	static long asLong(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		BigDecimal number = ListQuery.number(value);
		return (number != null) ? number.longValue() : 0;
	}

	private static boolean isBlank(Object value) {
		return value == null || String.valueOf(value).isBlank();
	}

	/** Same value for Bitrix24's purposes: numbers by value, lists element by element. */
	private static boolean same(Object a, Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
		}
		if (a instanceof List<?> x && b instanceof List<?> y) {
			if (x.size() != y.size()) {
				return false;
			}
			for (int i = 0; i < x.size(); i++) {
				if (!same(x.get(i), y.get(i))) {
					return false;
				}
			}
			return true;
		}
		return Objects.equals(a, b);
	}

	/** A deep copy of maps and lists; other values are immutable. */
	@SuppressWarnings("unchecked")
	static Object copy(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, sub) -> copy.put(String.valueOf(key), copy(sub)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((element) -> copy.add(copy(element)));
			return copy;
		}
		return value;
	}

}
