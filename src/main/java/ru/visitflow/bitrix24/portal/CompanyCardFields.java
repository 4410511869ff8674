package ru.visitflow.bitrix24.portal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The company card fields Visitflow reads and writes, as the portal has them
 * ({@code crm.company.fields}): each configured name is found (exactly, else ignoring
 * case) and used in the portal's spelling; its type is checked (coordinates, opening
 * hours, decision maker and products of interest single strings; the further fields
 * single strings, numbers or links). Bitrix24 drops values of unknown fields silently and
 * returns none for them, so a missing or mistyped field is reported by name with the
 * portal's fields that would fit. A field with a problem is left out.
 *
 * @param coordinates null when not configured or not usable
 * @param openingHours null when not configured or not usable
 * @param decisionMaker null when not configured or not usable
 * @param productsOfInterest null when not configured or not usable
 * @param extra the usable further fields, in the configured order
 */
public record CompanyCardFields(Field coordinates, Field openingHours, Field decisionMaker, Field productsOfInterest,
		List<Field> extra) {

	private static final List<String> TEXTS = List.of("string");

	private static final List<String> EXTRA_TYPES = List.of("string", "integer", "double", "url");

	/**
	 * A field as the portal spells it, with its Bitrix24 type and the label people see on
	 * the card.
	 */
	public record Field(String name, String type, String label) {

		@Override
		public String toString() {
			return this.name + " (" + this.type + ")";
		}

	}

	/** The outcome of the check: the usable fields, and what is wrong with the others. */
	public record Checked(CompanyCardFields fields, List<String> problems) {

		public boolean ok() {
			return this.problems.isEmpty();
		}

	}

	/** The configured names as they are, unchecked (before the portal has answered). */
	public static CompanyCardFields unchecked(Bitrix24Properties.CompanyFields configured) {
		List<Field> extra = new ArrayList<>();
		for (Bitrix24Properties.ExtraField field : configured.extra()) {
			extra.add(new Field(field.name().trim(), "string", field.label()));
		}
		return new CompanyCardFields(plain(configured.coordinates()), plain(configured.openingHours()),
				plain(configured.decisionMaker()), plain(configured.productsOfInterest()), extra);
	}

	private static Field plain(String name) {
		return (name == null || name.isBlank()) ? null : new Field(name.trim(), "string", null);
	}

	/**
	 * Checks the configured names against {@code result} of {@code crm.company.fields}.
	 */
	public static Checked check(JsonNode portalFields, Bitrix24Properties.CompanyFields configured) {
		List<String> problems = new ArrayList<>();
		Field coordinates = field(portalFields, "coordinates", configured.coordinates(), TEXTS, problems);
		Field openingHours = field(portalFields, "opening-hours", configured.openingHours(), TEXTS, problems);
		Field decisionMaker = field(portalFields, "decision-maker", configured.decisionMaker(), TEXTS, problems);
		Field products = field(portalFields, "products-of-interest", configured.productsOfInterest(), TEXTS, problems);
		List<Field> extra = new ArrayList<>();
		for (int i = 0; i < configured.extra().size(); i++) {
			Bitrix24Properties.ExtraField wanted = configured.extra().get(i);
			Field found = field(portalFields, "extra[" + i + "].name", wanted.name(), EXTRA_TYPES, problems);
			if (found != null) {
				String label = (wanted.label() != null && !wanted.label().isBlank()) ? wanted.label() : found.label();
				extra.add(new Field(found.name(), found.type(), label));
			}
		}
		return new Checked(new CompanyCardFields(coordinates, openingHours, decisionMaker, products, extra), problems);
	}

	private static Field field(JsonNode portalFields, String setting, String configured, List<String> types,
			List<String> problems) {
		if (configured == null || configured.isBlank()) {
			return null;
		}
		String property = "visitflow.bitrix24.company-fields." + setting;
		Optional<Map.Entry<String, JsonNode>> found = find(portalFields, configured.trim());
		if (found.isEmpty()) {
			problems.add("the company has no field " + configured.trim() + " (" + property + "); fields of a fitting "
					+ "type (" + String.join(", ", types) + "): " + candidates(portalFields, types));
			return null;
		}
		String name = found.get().getKey();
		JsonNode description = found.get().getValue();
		String type = description.path("type").asText("");
		boolean multiple = description.path("isMultiple").asBoolean(false);
		if (!types.contains(type) || multiple) {
			problems.add("the company field " + name + " (" + property + ") is of type " + type
					+ (multiple ? " (multiple)" : "") + ", not " + String.join(" or ", types) + "; fields that fit: "
					+ candidates(portalFields, types));
			return null;
		}
		if (description.path("isReadOnly").asBoolean(false)) {
			problems.add("the company field " + name + " (" + property + ") is read-only; fields that fit: "
					+ candidates(portalFields, types));
			return null;
		}
		return new Field(name, type, label(name, description));
	}

	/** By the exact name, else ignoring case. */
	private static Optional<Map.Entry<String, JsonNode>> find(JsonNode portalFields, String name) {
		if (portalFields.has(name)) {
			return Optional.of(Map.entry(name, portalFields.get(name)));
		}
		for (Iterator<Map.Entry<String, JsonNode>> it = portalFields.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> entry = it.next();
			if (entry.getKey().equalsIgnoreCase(name)) {
				return Optional.of(entry);
			}
		}
		return Optional.empty();
	}

	/**
	 * What a person sees: a user field's form or list label ({@code title} is its code),
	 * a standard field's title.
	 */
	private static String label(String name, JsonNode description) {
		for (String key : List.of("formLabel", "listLabel", "title")) {
			String label = description.path(key).asText("");
			if (!label.isBlank()) {
				return label;
			}
		}
		return name;
	}

	/**
	 * The writable, single user fields of the types, as {@code NAME "label" (type)}.
	 */
	private static String candidates(JsonNode portalFields, List<String> types) {
		List<String> custom = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : PortalFields.writableSingle(portalFields, types)) {
			String type = entry.getValue().path("type").asText("");
			String label = label(entry.getKey(), entry.getValue());
			String text = entry.getKey() + (label.equals(entry.getKey()) ? "" : " \"" + label + "\"") + " (" + type
					+ ")";
			if (entry.getKey().toUpperCase(Locale.ROOT).startsWith("UF_")) {
				custom.add(text);
			}
		}
		if (custom.isEmpty()) {
			return "none among the user fields (add one in Bitrix24: CRM > Settings > Custom fields > Companies)";
		}
		return String.join(", ", custom);
	}

}
