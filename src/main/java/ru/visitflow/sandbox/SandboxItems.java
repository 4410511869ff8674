package ru.visitflow.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The Visit smart process's items ({@code crm.item.*}) and its structure
 * ({@code crm.type.list}, {@code crm.category.list}, {@code crm.status.list}), as
 * Bitrix24 documents them: defaults, validation, error codes and texts, answer shapes.
 * Changes queue ONCRMDYNAMICITEM* events. All state is the portal's, behind its lock.
 */
@Component
@ConditionalOnBitrix24Sandbox
@SuppressWarnings("unchecked")
class SandboxItems {

	private static final String ELEMENT_NOT_FOUND = "Element not found";

	private final SandboxPortal portal;

	SandboxItems(SandboxPortal portal) {
		this.portal = portal;
	}

	// --- smart-process items
	// -------------------------------------------------------------------------------

	Map<String, Object> addItem(Object entityTypeId, Object fieldsParam, long actor, boolean originalUfNames) {
		checkEntityType(entityTypeId);
		Map<String, Object> input = requiredFields(fieldsParam);
		Map<String, Object> rendered;
		synchronized (this.portal.lock) {
			Map<String, Object> values = coerceItemFields(input);
			long id = this.portal.state.lastItemId + 1;
			Instant now = this.portal.now();
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
			for (SmartProcess.Field field : this.portal.process().fields().values()) {
				if (field.dynamic()) {
					item.put(field.name(), null);
				}
			}
			item.put("contactIds", new ArrayList<Long>());
			item.put("observers", new ArrayList<Long>());
			item.put("entityTypeId", (long) this.portal.process().entityTypeId());
			values.forEach((name, value) -> {
				if (value != null || !"title".equals(name)) {
					item.put(name, value);
				}
			});
			linkContacts(item, values);
			this.portal.state.lastItemId = id;
			this.portal.state.items.put(id, item);
			rendered = renderItem(item, List.of(), originalUfNames);
		}
		this.portal.events()
			.item("ONCRMDYNAMICITEMADD", SandboxPortal.asLong(rendered.get("id")),
					this.portal.process().entityTypeId());
		this.portal.changed();
		return rendered;
	}

	Map<String, Object> updateItem(Object entityTypeId, Object idParam, Object fieldsParam, long actor,
			boolean originalUfNames) {
		checkEntityType(entityTypeId);
		long id = requiredInt(idParam, "id");
		Map<String, Object> input = requiredFields(fieldsParam);
		Map<String, Object> item;
		boolean saved = false;
		synchronized (this.portal.lock) {
			Map<String, Object> stored = this.portal.state.items.get(id);
			if (stored == null) {
				throw RestError.notFound(ELEMENT_NOT_FOUND);
			}
			Map<String, Object> values = coerceItemFields(input);
			Object categoryValue = values.remove("categoryId");
			Object stageValue = values.remove("stageId");
			SmartProcess.Category category = (categoryValue != null)
					? this.portal.process()
						.category(SandboxPortal.asLong(categoryValue))
						.orElseThrow(() -> invalidField("categoryId"))
					: this.portal.process()
						.category(SandboxPortal.asLong(stored.get("categoryId")))
						.orElse(this.portal.process().defaultCategory());
			boolean categoryChanged = category.id() != SandboxPortal.asLong(stored.get("categoryId"));
			String stageId = (stageValue != null) ? resolveStage(category, stageValue).statusId()
					: categoryChanged ? this.portal.process().statusId(category.id(), category.firstStage().code())
							: (String) stored.get("stageId");
			Map<String, Object> changes = new LinkedHashMap<>();
			values.forEach((name, value) -> {
				if (!SandboxPortal.same(stored.get(name), value)) {
					changes.put(name, value);
				}
			});
			if (categoryChanged) {
				changes.put("categoryId", (long) category.id());
			}
			boolean stageChanged = !stageId.equals(stored.get("stageId"));
			if (!changes.isEmpty() || stageChanged) {
				Instant now = this.portal.now();
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
			item = (Map<String, Object>) SandboxPortal.copy(item);
		}
		if (saved) {
			this.portal.events().item("ONCRMDYNAMICITEMUPDATE", id, this.portal.process().entityTypeId());
			this.portal.changed();
		}
		return renderItem(item, List.of(), originalUfNames);
	}

	Map<String, Object> getItem(Object entityTypeId, Object idParam, boolean originalUfNames) {
		checkEntityType(entityTypeId);
		long id = requiredInt(idParam, "id");
		synchronized (this.portal.lock) {
			Map<String, Object> item = this.portal.state.items.get(id);
			if (item == null) {
				throw RestError.notFound(ELEMENT_NOT_FOUND);
			}
			return renderItem(item, List.of(), originalUfNames);
		}
	}

	void deleteItem(Object entityTypeId, Object idParam, long actor) {
		checkEntityType(entityTypeId);
		long id = requiredInt(idParam, "id");
		synchronized (this.portal.lock) {
			if (this.portal.state.items.remove(id) == null) {
				throw RestError.notFound(ELEMENT_NOT_FOUND);
			}
		}
		this.portal.events().item("ONCRMDYNAMICITEMDELETE", id, this.portal.process().entityTypeId());
		this.portal.changed();
	}

	ListQuery.Page<Map<String, Object>> listItems(Object entityTypeId, Object select, Object filter, Object order,
			Object start, boolean originalUfNames) {
		checkEntityType(entityTypeId);
		ListQuery.Fields fields = (name) -> itemField(name);
		var predicate = ListQuery.filter(filter, fields, true);
		var comparator = ListQuery.order(order, fields, true);
		List<String> selected = ListQuery.asStrings(select);
		List<Map<String, Object>> rows;
		synchronized (this.portal.lock) {
			rows = this.portal.state.items.values()
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
		for (SmartProcess.Field field : this.portal.process().fields().values()) {
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("type", field.type());
			description.put("isRequired", false);
			description.put("isReadOnly", field.readOnly());
			description.put("isImmutable", false);
			description.put("isMultiple", field.multiple());
			description.put("isDynamic", field.dynamic());
			description.put("title", field.title());
			if (field.name().equals("stageId") || field.name().equals("previousStageId")) {
				description.put("statusType",
						this.portal.process().stageEntityId(this.portal.process().defaultCategory().id()));
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
		return this.portal.process()
			.field(name)
			.map((field) -> new ListQuery.Field(field.name(), field.multiple() ? "list" : field.type()));
	}

	/**
	 * The item in field order; {@code select} (names or {@code *}) narrows it, {@code id}
	 * always stays.
	 */
	private Map<String, Object> renderItem(Map<String, Object> item, List<String> select, boolean originalUfNames) {
		boolean all = select.isEmpty() || select.contains("*");
		List<String> wanted = select.stream()
			.map((name) -> this.portal.process().field(name).map(SmartProcess.Field::name).orElse(name))
			.toList();
		Map<String, Object> out = new LinkedHashMap<>();
		for (SmartProcess.Field field : this.portal.process().fields().values()) {
			if (!all && !wanted.contains(field.name()) && !field.name().equals("id")) {
				continue;
			}
			String key = (originalUfNames && field.dynamic()) ? field.upperName() : field.name();
			if (field.name().equals("stageSemanticId")) {
				out.put(key,
						this.portal.process()
							.stage((String) item.get("stageId"))
							.map((ref) -> ref.stage().semanticId())
							.orElse("P"));
			}
			else {
				out.put(key, SandboxPortal.copy(item.get(field.name())));
			}
		}
		return out;
	}

	private void checkEntityType(Object entityTypeId) {
		long value = requiredInt(entityTypeId, "entityTypeId");
		if (value != this.portal.process().entityTypeId()) {
			throw RestError.notFound("Smart process not found");
		}
	}

	private static Map<String, Object> requiredFields(Object fields) {
		if (fields == null) {
			throw RestError.badRequest("100", "Could not find value for parameter {fields}");
		}
		if (!(fields instanceof Map) && !(fields instanceof List)) {
			throw RestError.badRequest("100",
					"Invalid value " + fields + " to match with parameter {fields}. Should be value of type array.");
		}
		return ListQuery.asMap(fields);
	}

	static long requiredInt(Object value, String name) {
		if (value == null || "".equals(value)) {
			throw RestError.badRequest("100", "Could not find value for parameter {" + name + "}");
		}
		BigDecimal number = ListQuery.number(value);
		if (number == null || number.scale() > 0 && number.stripTrailingZeros().scale() > 0) {
			throw RestError.badRequest("100",
					"Invalid value " + value + " to match with parameter {" + name + "}. Should be value of type int.");
		}
		return number.longValue();
	}

	/**
	 * Known, writable fields coerced to their types; unknown fields are ignored, as
	 * Bitrix24 does.
	 */
	private Map<String, Object> coerceItemFields(Map<String, Object> input) {
		Map<String, Object> values = new LinkedHashMap<>();
		input.forEach((key, raw) -> {
			Optional<SmartProcess.Field> found = this.portal.process().field(key);
			if (found.isEmpty() || found.get().readOnly()) {
				return;
			}
			SmartProcess.Field field = found.get();
			if (field.multiple()) {
				if (raw != null && !(raw instanceof Collection) && !(raw instanceof Map) && !"".equals(raw)) {
					throw RestError
						.badRequest("100",
								"Expected iterable value for multiple field, but got "
										+ ((raw instanceof String) ? "string"
												: raw.getClass().getSimpleName().toLowerCase(Locale.ROOT))
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
		String title = this.portal.process().field(name).map(SmartProcess.Field::title).orElse(name);
		return RestError.badRequest("CRM_FIELD_ERROR_VALUE_NOT_VALID", "Invalid value for field \"" + title + "\"");
	}

	/**
	 * The pipeline of a new item: as given, else the one of the given stage, else the
	 * default one.
	 */
	private SmartProcess.Category resolveCategory(Object categoryId, Object stageId) {
		if (categoryId != null) {
			return this.portal.process()
				.category(SandboxPortal.asLong(categoryId))
				.orElseThrow(() -> invalidField("categoryId"));
		}
		if (stageId != null) {
			Optional<SmartProcess.StageRef> stage = this.portal.process().stage(String.valueOf(stageId));
			if (stage.isPresent()) {
				return stage.get().category();
			}
		}
		return this.portal.process().defaultCategory();
	}

	/**
	 * A stage of the pipeline: the given full id ({@code DT1036_11:NEW}) must belong to
	 * it; none is its first.
	 */
	private SmartProcess.StageRef resolveStage(SmartProcess.Category category, Object stageId) {
		if (stageId == null || "".equals(stageId)) {
			SmartProcess.Stage first = category.firstStage();
			return new SmartProcess.StageRef(category, first,
					this.portal.process().statusId(category.id(), first.code()));
		}
		return this.portal.process()
			.stage(String.valueOf(stageId))
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
			long id = SandboxPortal.asLong(values.get("contactId"));
			item.put("contactIds", (id > 0) ? new ArrayList<>(List.of(id)) : new ArrayList<Long>());
		}
	}

	ListQuery.Page<Map<String, Object>> listTypes(Object filter) {
		Map<String, Object> type = new LinkedHashMap<>();
		type.put("id", SmartProcess.TYPE_ID);
		type.put("title", SmartProcess.TITLE);
		type.put("code", "visit");
		type.put("createdBy", 1);
		type.put("entityTypeId", this.portal.process().entityTypeId());
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
		for (SmartProcess.Category category : this.portal.process().categories()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", category.id());
			row.put("name", category.name());
			row.put("sort", category.sort());
			row.put("entityTypeId", this.portal.process().entityTypeId());
			row.put("isDefault", category.isDefault() ? "Y" : "N");
			row.put("originId", "");
			row.put("originatorId", "");
			rows.add(row);
		}
		return new ListQuery.Page<>(rows, rows.size(), null);
	}

	ListQuery.Page<Map<String, Object>> listStatuses(Object filter, Object order, Object start) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (SmartProcess.Category category : this.portal.process().categories()) {
			for (SmartProcess.Stage stage : category.stages()) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("ID", String.valueOf(stage.rowId()));
				row.put("ENTITY_ID", this.portal.process().stageEntityId(category.id()));
				row.put("STATUS_ID", this.portal.process().statusId(category.id(), stage.code()));
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

	List<Map<String, Object>> items() {
		synchronized (this.portal.lock) {
			return this.portal.state.items.values().stream().map((item) -> renderItem(item, List.of(), false)).toList();
		}
	}

	Optional<Map<String, Object>> item(long id) {
		synchronized (this.portal.lock) {
			return Optional.ofNullable(this.portal.state.items.get(id))
				.map((item) -> renderItem(item, List.of(), false));
		}
	}

}
