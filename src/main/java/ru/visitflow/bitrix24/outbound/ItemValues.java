package ru.visitflow.bitrix24.outbound;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.visitflow.bitrix24.portal.ItemFields;

/**
 * The item fields Visitflow manages, field by field, in a form that compares across
 * Bitrix24's spellings (a date field comes back as a date-time, ids as strings or
 * numbers). The values Visitflow wrote last, or saw on the item when it adopted it, are
 * the baseline: an update sends only what differs from it, so a write never touches a
 * field nobody changed, converges at once, and never renames an item a person titled.
 */
final class ItemValues {

	static final String TITLE = "title";

	static final String STAGE = "stageId";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Set<String> DAYS = Set.of("begindate", "closedate");

	private ItemValues() {
	}

	/** The comparable form of one value Visitflow sends. */
	static String normalize(String field, Object value, ItemFields fields) {
		if (value == null) {
			return "";
		}
		if (value instanceof JsonNode node) {
			return normalizeNode(field, node, fields);
		}
		if (value instanceof Collection<?> list) {
			List<String> ids = new ArrayList<>();
			list.forEach((element) -> ids.add(number(String.valueOf(element))));
			ids.sort(null);
			return String.join(",", ids);
		}
		return text(field, String.valueOf(value), fields);
	}

	private static String normalizeNode(String field, JsonNode node, ItemFields fields) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return "";
		}
		if (node.isArray()) {
			List<String> ids = new ArrayList<>();
			node.forEach((element) -> ids.add(number(element.asText())));
			ids.sort(null);
			return String.join(",", ids);
		}
		return text(field, node.asText(), fields);
	}

	private static String text(String field, String value, ItemFields fields) {
		if (value == null || value.isBlank()) {
			return "";
		}
		boolean start = fields != null && fields.plannedStart() != null && field.equals(fields.plannedStart().name());
		if (DAYS.contains(field) || (start && fields.plannedStart().dateOnly())) {
			LocalDate day = ItemFields.day(value);
			return (day != null) ? day.toString() : value;
		}
		if (start) {
			Instant instant = ItemFields.instant(value);
			return (instant != null) ? instant.toString() : value;
		}
		if (field.equals("companyId") || field.equals("assignedById") || (fields != null
				&& fields.durationMinutes() != null && field.equals(fields.durationMinutes().name()))) {
			return number(value);
		}
		return value;
	}

	/**
	 * {@code "12"}, {@code 12}, {@code 12.0} alike; 0 is no value, as Bitrix24 shows an
	 * empty link.
	 */
	private static String number(String value) {
		try {
			long number = (long) Double.parseDouble(value.trim());
			return (number == 0) ? "" : Long.toString(number);
		}
		catch (NumberFormatException ex) {
			return value.trim();
		}
	}

	/** The baseline of fields Visitflow sends, as this item shows them. */
	static Map<String, String> of(JsonNode item, Collection<String> managed, ItemFields fields) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String field : managed) {
			if (item.has(field)) {
				values.put(field, normalizeNode(field, item.get(field), fields));
			}
		}
		return values;
	}

	/** The baseline of what is sent. */
	static Map<String, String> of(Map<String, Object> sent, ItemFields fields) {
		Map<String, String> values = new LinkedHashMap<>();
		sent.forEach((field, value) -> values.put(field, normalize(field, value, fields)));
		return values;
	}

	/**
	 * What to send: every desired field whose value differs from the baseline. The title
	 * only when Visitflow set it before (a title a person gave, or one the item came
	 * with, is theirs).
	 */
	static Map<String, Object> diff(Map<String, Object> desired, Map<String, String> baseline, ItemFields fields) {
		Map<String, Object> changes = new LinkedHashMap<>();
		desired.forEach((field, value) -> {
			if (field.equals(TITLE) && !baseline.containsKey(TITLE)) {
				return;
			}
			if (!Objects.equals(normalize(field, value, fields), baseline.getOrDefault(field, null))) {
				changes.put(field, value);
			}
		});
		return changes;
	}

	static String write(Map<String, String> values) {
		if (values == null) {
			return null;
		}
		try {
			return JSON.writeValueAsString(values);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, String> read(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
			});
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

}
