package ru.visitflow.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * Companies and contacts ({@code crm.company.*}, {@code crm.contact.*}) with their
 * multi-fields, and the requisites and addresses behind them ({@code crm.requisite.list},
 * {@code crm.address.list}). Changes to companies queue ONCRMCOMPANY* events. All state
 * is the portal's, behind its lock.
 */
@Component
@ConditionalOnBitrix24Sandbox
@SuppressWarnings("unchecked")
class SandboxCrm {

	private final SandboxPortal portal;

	private final LegacyEntity company;

	SandboxCrm(SandboxPortal portal, SandboxProperties settings) {
		this.portal = portal;
		this.company = LegacyEntity.company(settings.companyFields().defined(),
				SandboxSeed.companyFieldLabels(settings.companyFields()));
	}

	/** The company user fields: name → label. */
	Map<String, String> companyUserFields() {
		Map<String, String> fields = new LinkedHashMap<>();
		this.company.describe().forEach((name, description) -> {
			Map<String, Object> described = (Map<String, Object>) description;
			if (Boolean.TRUE.equals(described.get("isDynamic"))) {
				fields.put(name, String.valueOf(described.getOrDefault("formLabel", name)));
			}
		});
		return fields;
	}

	/** What crm.company.fields answers. */
	Map<String, Object> describeCompany() {
		return this.company.describe();
	}

	// --- companies and contacts
	// ----------------------------------------------------------------------------

	long addCompany(Object fieldsParam, long actor) {
		return addLegacy(this.company, fieldsParam, actor);
	}

	void updateCompany(Object idParam, Object fieldsParam, long actor) {
		updateLegacy(this.company, idParam, fieldsParam, actor);
	}

	Map<String, Object> getCompany(Object idParam) {
		return getLegacy(this.company, idParam);
	}

	ListQuery.Page<Map<String, Object>> listCompanies(Object select, Object filter, Object order, Object start) {
		return listLegacy(this.company, select, filter, order, start);
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
		return kind.isCompany() ? this.portal.state.companies : this.portal.state.contacts;
	}

	private long addLegacy(LegacyEntity kind, Object fieldsParam, long actor) {
		Map<String, Object> input = legacyFields(fieldsParam);
		long id;
		synchronized (this.portal.lock) {
			Map<String, Object> row = new LinkedHashMap<>();
			for (String field : kind.fields()) {
				row.put(field, null);
			}
			String now = SandboxTime.iso(this.portal.now());
			row.put("OPENED", "Y");
			row.put("ASSIGNED_BY_ID", String.valueOf(actor));
			row.put("CREATED_BY_ID", String.valueOf(actor));
			row.put("MODIFY_BY_ID", String.valueOf(actor));
			row.put("DATE_CREATE", now);
			row.put("DATE_MODIFY", now);
			if (kind.isCompany()) {
				row.put("COMPANY_TYPE", "CUSTOMER");
				row.put("CURRENCY_ID", "RUB");
				row.put("REVENUE", "0");
				row.put("IS_MY_COMPANY", "N");
				row.put("COMMENTS", "");
			}
			applyLegacy(kind, row, input, false);
			requireLegacy(kind, row);
			id = kind.isCompany() ? ++this.portal.state.lastCompanyId : ++this.portal.state.lastContactId;
			row.put("ID", String.valueOf(id));
			store(kind).put(id, row);
		}
		this.portal.events().entity("ONCRM" + kind.name().toUpperCase(Locale.ROOT) + "ADD", id);
		this.portal.changed();
		return id;
	}

	private void updateLegacy(LegacyEntity kind, Object idParam, Object fieldsParam, long actor) {
		long id = legacyId(idParam);
		Map<String, Object> input = legacyFields(fieldsParam);
		synchronized (this.portal.lock) {
			Map<String, Object> row = store(kind).get(id);
			if (row == null) {
				throw RestError.noCode("Not found");
			}
			Map<String, Object> changed = (Map<String, Object>) SandboxPortal.copy(row);
			applyLegacy(kind, changed, input, true);
			requireLegacy(kind, changed);
			changed.put("MODIFY_BY_ID", String.valueOf(actor));
			changed.put("DATE_MODIFY", SandboxTime.iso(this.portal.now()));
			row.clear();
			row.putAll(changed);
		}
		this.portal.events().entity("ONCRM" + kind.name().toUpperCase(Locale.ROOT) + "UPDATE", id);
		this.portal.changed();
	}

	private Map<String, Object> getLegacy(LegacyEntity kind, Object idParam) {
		long id = legacyId(idParam);
		synchronized (this.portal.lock) {
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
		synchronized (this.portal.lock) {
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
		if (kind.isCompany() && SandboxPortal.isBlank(row.get("TITLE"))) {
			throw RestError.noCode("Field \"Company name\" is required.");
		}
		if (kind == LegacyEntity.CONTACT && SandboxPortal.isBlank(row.get("NAME"))
				&& SandboxPortal.isBlank(row.get("LAST_NAME"))) {
			throw RestError.noCode("Field \"Name\" is required.");
		}
	}

	/**
	 * Writable fields as strings; multi-fields per Bitrix24's rules (see
	 * {@link #applyMultiField}).
	 */
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
				String text = (value == null) ? null
						: (value instanceof Boolean bool) ? (bool ? "Y" : "N") : String.valueOf(value);
				row.put(field, text);
				if (field.equals("COMPANY_ID") && !input.containsKey("COMPANY_IDS")) {
					row.put("COMPANY_IDS",
							SandboxPortal.isBlank(text) ? new ArrayList<>() : new ArrayList<>(List.of(text)));
				}
			}
		});
		if (row.containsKey("HAS_PHONE")) {
			row.put("HAS_PHONE", hasValues(row.get("PHONE")) ? "Y" : "N");
			row.put("HAS_EMAIL", hasValues(row.get("EMAIL")) ? "Y" : "N");
		}
	}

	/**
	 * On add and update alike: an entry without {@code ID} is added (existing values
	 * stay); with {@code ID} and a {@code VALUE} it changes that value; with {@code ID}
	 * and {@code DELETE: "Y"} or an empty {@code VALUE} it deletes it.
	 */
	@SuppressWarnings("unchecked")
	private void applyMultiField(Map<String, Object> row, String type, Object input) {
		List<Map<String, Object>> current = (row.get(type) instanceof List<?> list)
				? new ArrayList<>((List<Map<String, Object>>) list) : new ArrayList<>();
		for (Object element : ListQuery.asMap(input).values()) {
			Map<String, Object> entry = ListQuery.asMap(element);
			String id = SandboxPortal.isBlank(entry.get("ID")) ? null : String.valueOf(entry.get("ID"));
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
				if (delete || SandboxPortal.isBlank(value)) {
					current.remove(existing);
				}
				else {
					Map<String, Object> changed = new LinkedHashMap<>(existing);
					changed.put("VALUE", value);
					if (!SandboxPortal.isBlank(entry.get("VALUE_TYPE"))) {
						changed.put("VALUE_TYPE", String.valueOf(entry.get("VALUE_TYPE")));
					}
					current.set(current.indexOf(existing), changed);
				}
			}
			else if (!delete && !SandboxPortal.isBlank(value)) {
				Map<String, Object> added = new LinkedHashMap<>();
				added.put("ID", String.valueOf(++this.portal.state.lastMultiFieldId));
				added.put("VALUE_TYPE", SandboxPortal.isBlank(entry.get("VALUE_TYPE")) ? "WORK"
						: String.valueOf(entry.get("VALUE_TYPE")));
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

	ListQuery.Page<Map<String, Object>> listRequisites(Object select, Object filter, Object order, Object start) {
		synchronized (this.portal.lock) {
			return listRows(new ArrayList<>(this.portal.state.requisites.values()), select, filter, order, start);
		}
	}

	ListQuery.Page<Map<String, Object>> listAddresses(Object select, Object filter, Object order, Object start) {
		synchronized (this.portal.lock) {
			return listRows(new ArrayList<>(this.portal.state.addresses), select, filter, order, start);
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
					copy.put(column, SandboxPortal.copy(row.get(column)));
				}
			}
			out.add(copy);
		}
		return new ListQuery.Page<>(out, page.total(), page.next());
	}

	Optional<Map<String, Object>> company(long id) {
		synchronized (this.portal.lock) {
			return Optional.ofNullable(this.portal.state.companies.get(id)).map(this.company::full);
		}
	}

	/** The company's physical address row (TYPE_ID 1) of its first requisite. */
	Optional<Map<String, Object>> companyAddress(long companyId) {
		synchronized (this.portal.lock) {
			return findCompanyAddress(companyId).map((address) -> (Map<String, Object>) SandboxPortal.copy(address));
		}
	}

	private Optional<Map<String, Object>> findCompanyAddress(long companyId) {
		return this.portal.state.requisites.values()
			.stream()
			.filter((requisite) -> "4".equals(requisite.get("ENTITY_TYPE_ID"))
					&& String.valueOf(companyId).equals(requisite.get("ENTITY_ID")))
			.findFirst()
			.flatMap((requisite) -> this.portal.state.addresses.stream()
				.filter((address) -> "8".equals(address.get("ENTITY_TYPE_ID"))
						&& String.valueOf(requisite.get("ID")).equals(address.get("ENTITY_ID"))
						&& "1".equals(address.get("TYPE_ID")))
				.findFirst());
	}

	/**
	 * Edits a company's actual address the way a person does in its card: the requisite's
	 * address row changes and so does the company ({@code DATE_MODIFY},
	 * ONCRMCOMPANYUPDATE).
	 */
	void updateCompanyAddress(long companyId, Map<String, Object> address, long actor) {
		synchronized (this.portal.lock) {
			Map<String, Object> company = this.portal.state.companies.get(companyId);
			if (company == null) {
				throw new IllegalArgumentException("No company " + companyId);
			}
			Map<String, Object> row = findCompanyAddress(companyId).orElseGet(() -> {
				long requisiteId = ++this.portal.state.lastRequisiteId;
				Map<String, Object> requisite = new LinkedHashMap<>();
				requisite.put("ID", String.valueOf(requisiteId));
				requisite.put("ENTITY_TYPE_ID", "4");
				requisite.put("ENTITY_ID", String.valueOf(companyId));
				requisite.put("PRESET_ID", "1");
				requisite.put("NAME", SandboxSeed.DEFAULT_REQUISITE_NAME);
				requisite.put("ACTIVE", "Y");
				this.portal.state.requisites.put(requisiteId, requisite);
				Map<String, Object> created = new LinkedHashMap<>();
				created.put("TYPE_ID", "1");
				created.put("ENTITY_TYPE_ID", "8");
				created.put("ENTITY_ID", String.valueOf(requisiteId));
				for (String field : List.of("ADDRESS_1", "ADDRESS_2", "CITY", "POSTAL_CODE", "REGION", "PROVINCE",
						"COUNTRY", "COUNTRY_CODE")) {
					created.put(field, null);
				}
				created.put("LOC_ADDR_ID", String.valueOf(++this.portal.state.lastLocationId));
				created.put("ANCHOR_TYPE_ID", "4");
				created.put("ANCHOR_ID", String.valueOf(companyId));
				this.portal.state.addresses.add(created);
				return created;
			});
			address.forEach((field, value) -> {
				if (row.containsKey(field)
						&& !List.of("TYPE_ID", "ENTITY_TYPE_ID", "ENTITY_ID", "ANCHOR_TYPE_ID", "ANCHOR_ID")
							.contains(field)) {
					row.put(field, (value == null) ? null : String.valueOf(value));
				}
			});
			company.put("MODIFY_BY_ID", String.valueOf(actor));
			company.put("DATE_MODIFY", SandboxTime.iso(this.portal.now()));
		}
		this.portal.events().entity("ONCRMCOMPANYUPDATE", companyId);
		this.portal.changed();
	}

}
