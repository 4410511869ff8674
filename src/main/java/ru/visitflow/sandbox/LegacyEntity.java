package ru.visitflow.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A legacy CRM entity (company, contact) as {@code crm.company.*}/{@code crm.contact.*}
 * show it: UPPER_CASE fields, scalar values as strings, multi-fields
 * {@code PHONE}/{@code EMAIL}/{@code WEB}/{@code IM} as {@code [{ID, VALUE_TYPE, VALUE,
 * TYPE_ID}]}. In lists, {@code *} means every field but user fields and multi-fields,
 * {@code UF_*} every user field, and a multi-field comes only when named in
 * {@code select}.
 */
final class LegacyEntity {

	static final List<String> MULTI_FIELDS = List.of("PHONE", "EMAIL", "WEB", "IM");

	static final List<String> COMPANY_DEPRECATED_ADDRESS = List.of("ADDRESS", "ADDRESS_2", "ADDRESS_CITY",
			"ADDRESS_POSTAL_CODE", "ADDRESS_REGION", "ADDRESS_PROVINCE", "ADDRESS_COUNTRY", "ADDRESS_COUNTRY_CODE",
			"ADDRESS_LOC_ADDR_ID", "ADDRESS_LEGAL", "REG_ADDRESS", "REG_ADDRESS_2", "REG_ADDRESS_CITY",
			"REG_ADDRESS_POSTAL_CODE", "REG_ADDRESS_REGION", "REG_ADDRESS_PROVINCE", "REG_ADDRESS_COUNTRY",
			"REG_ADDRESS_COUNTRY_CODE", "REG_ADDRESS_LOC_ADDR_ID");

	static final LegacyEntity CONTACT;

	static {
		CONTACT = new LegacyEntity("Contact",
				List.of("ID", "POST", "COMMENTS", "HONORIFIC", "NAME", "SECOND_NAME", "LAST_NAME", "PHOTO", "LEAD_ID",
						"TYPE_ID", "SOURCE_ID", "SOURCE_DESCRIPTION", "COMPANY_ID", "BIRTHDATE", "EXPORT", "HAS_PHONE",
						"HAS_EMAIL", "HAS_IMOL", "DATE_CREATE", "DATE_MODIFY", "ASSIGNED_BY_ID", "CREATED_BY_ID",
						"MODIFY_BY_ID", "OPENED", "ORIGINATOR_ID", "ORIGIN_ID", "ORIGIN_VERSION", "FACE_ID",
						"LAST_ACTIVITY_TIME", "LAST_ACTIVITY_BY"),
				List.of("COMPANY_IDS"), Map.of(), Map.of());
	}

	/**
	 * Companies with the user fields the portal defines ({@code UF_CRM_…} → Bitrix24
	 * type) and their labels; any other {@code UF_} field is unknown, dropped silently on
	 * write.
	 */
	static LegacyEntity company(Map<String, String> userFields, Map<String, String> labels) {
		List<String> company = new ArrayList<>(List.of("ID", "COMPANY_TYPE", "TITLE", "LOGO", "LEAD_ID", "HAS_PHONE",
				"HAS_EMAIL", "HAS_IMOL", "ASSIGNED_BY_ID", "CREATED_BY_ID", "MODIFY_BY_ID", "BANKING_DETAILS",
				"INDUSTRY", "REVENUE", "CURRENCY_ID", "EMPLOYEES", "COMMENTS", "DATE_CREATE", "DATE_MODIFY", "OPENED",
				"IS_MY_COMPANY", "ORIGINATOR_ID", "ORIGIN_ID", "ORIGIN_VERSION"));
		company.addAll(COMPANY_DEPRECATED_ADDRESS);
		company.addAll(List.of("UTM_SOURCE", "UTM_MEDIUM", "UTM_CAMPAIGN", "UTM_CONTENT", "UTM_TERM",
				"LAST_ACTIVITY_BY", "LAST_ACTIVITY_TIME", "LAST_COMMUNICATION_TIME"));
		company.addAll(userFields.keySet());
		return new LegacyEntity("Company", company, List.of(), userFields, labels);
	}

	private static final Set<String> READ_ONLY = Set.of("ID", "HAS_PHONE", "HAS_EMAIL", "HAS_IMOL", "CREATED_BY_ID",
			"MODIFY_BY_ID", "DATE_CREATE", "DATE_MODIFY", "LEAD_ID", "LAST_ACTIVITY_BY", "LAST_ACTIVITY_TIME",
			"LAST_COMMUNICATION_TIME", "FACE_ID");

	private final String name;

	private final List<String> fields;

	/** Fields returned by get and by an explicit select, never by {@code *}. */
	private final List<String> extraFields;

	/** The user fields' types. */
	private final Map<String, String> userFields;

	/** The user fields' labels, as people see them on the card. */
	private final Map<String, String> labels;

	private LegacyEntity(String name, List<String> fields, List<String> extraFields, Map<String, String> userFields,
			Map<String, String> labels) {
		this.name = name;
		this.fields = List.copyOf(fields);
		this.extraFields = List.copyOf(extraFields);
		this.userFields = Map.copyOf(userFields);
		this.labels = Map.copyOf(labels);
	}

	String name() {
		return this.name;
	}

	boolean isCompany() {
		return this.name.equals("Company");
	}

	/**
	 * What {@code crm.company.fields} answers: every field by its UPPER_CASE name with
	 * its type (the sandbox keeps the standard ones as text), user fields with their
	 * defined type, {@code title} their code and the labels people see, the multi-fields
	 * marked multiple.
	 */
	Map<String, Object> describe() {
		Map<String, Object> described = new LinkedHashMap<>();
		for (String field : this.fields) {
			if (this.userFields.containsKey(field)) {
				String label = this.labels.getOrDefault(field, field);
				Map<String, Object> user = new LinkedHashMap<>();
				user.put("type", this.userFields.get(field));
				user.put("isRequired", false);
				user.put("isReadOnly", false);
				user.put("isImmutable", false);
				user.put("isMultiple", false);
				user.put("isDynamic", true);
				user.put("title", field);
				user.put("listLabel", label);
				user.put("formLabel", label);
				user.put("filterLabel", label);
				described.put(field, user);
				continue;
			}
			described.put(field,
					Map.of("type", field.equals("ID") ? "integer" : "string", "isRequired", false, "isReadOnly",
							field.equals("ID"), "isImmutable", false, "isMultiple", false, "isDynamic",
							field.startsWith("UF_"), "title", field));
		}
		for (String field : MULTI_FIELDS) {
			described.put(field, Map.of("type", "crm_multifield", "isRequired", false, "isReadOnly", false,
					"isImmutable", false, "isMultiple", true, "isDynamic", false, "title", field));
		}
		return described;
	}

	List<String> fields() {
		return this.fields;
	}

	/** The field's type for filters and order. */
	Optional<ListQuery.Field> field(String requested) {
		String field = requested.toUpperCase(Locale.ROOT);
		if (MULTI_FIELDS.contains(field)) {
			return Optional.of(new ListQuery.Field(field, "multifield"));
		}
		if (!this.fields.contains(field) && !this.extraFields.contains(field)) {
			return Optional.empty();
		}
		String type = switch (field) {
			case "ID", "ASSIGNED_BY_ID", "CREATED_BY_ID", "MODIFY_BY_ID", "LAST_ACTIVITY_BY", "COMPANY_ID", "LEAD_ID" ->
				"integer";
			case "COMPANY_IDS" -> "list";
			case "REVENUE" -> "double";
			case "DATE_CREATE", "DATE_MODIFY", "LAST_ACTIVITY_TIME", "LAST_COMMUNICATION_TIME" -> "datetime";
			case "BIRTHDATE" -> "date";
			default -> "string";
		};
		return Optional.of(new ListQuery.Field(field, type));
	}

	boolean writable(String field) {
		return (this.fields.contains(field) || this.extraFields.contains(field) || MULTI_FIELDS.contains(field))
				&& !READ_ONLY.contains(field);
	}

	/**
	 * As crm.*.get shows it: every field, user fields, extra fields, and the multi-fields
	 * it has.
	 */
	Map<String, Object> full(Map<String, Object> row) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (String field : this.fields) {
			out.put(field, SandboxPortal.copy(row.get(field)));
		}
		for (String field : this.extraFields) {
			out.put(field, SandboxPortal.copy(row.get(field)));
		}
		for (String field : MULTI_FIELDS) {
			if (row.get(field) instanceof List<?> list && !list.isEmpty()) {
				out.put(field, SandboxPortal.copy(list));
			}
		}
		return out;
	}

	/**
	 * As crm.*.list shows a row for {@code select}: the selected fields in their order,
	 * then {@code ID} if it was not selected, then the named multi-fields the row has. No
	 * select means {@code *} and {@code UF_*}.
	 */
	Map<String, Object> selected(Map<String, Object> row, List<String> select) {
		List<String> requested = select.isEmpty() ? List.of("*", "UF_*") : select;
		Map<String, Object> out = new LinkedHashMap<>();
		List<String> multi = new ArrayList<>();
		for (String entry : requested) {
			String field = entry.toUpperCase(Locale.ROOT);
			if (field.equals("*")) {
				this.fields.stream()
					.filter((name) -> !name.startsWith("UF_"))
					.forEach((name) -> out.put(name, row.get(name)));
			}
			else if (field.equals("UF_*")) {
				this.fields.stream()
					.filter((name) -> name.startsWith("UF_"))
					.forEach((name) -> out.put(name, row.get(name)));
			}
			else if (MULTI_FIELDS.contains(field)) {
				multi.add(field);
			}
			else if (this.fields.contains(field) || this.extraFields.contains(field)) {
				out.put(field, SandboxPortal.copy(row.get(field)));
			}
		}
		out.putIfAbsent("ID", row.get("ID"));
		for (String field : multi) {
			if (row.get(field) instanceof List<?> list && !list.isEmpty()) {
				out.put(field, SandboxPortal.copy(list));
			}
		}
		return out;
	}

}
