package ru.visitflow.bitrix24.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import ru.visitflow.bitrix24.wire.Bitrix24Time;

/**
 * The Visit item's fields Visitflow writes and reads, as the portal has them
 * ({@code crm.item.fields}): each configured name is found by its camelCase or UPPER_CASE
 * spelling and used in the portal's camelCase spelling; its type is checked (the planned
 * start a date-time or a date, the type a string, the duration a number). Bitrix24 drops
 * values of unknown fields silently, so a missing or mistyped field is reported by name
 * with the portal's fields that would fit.
 *
 * @param plannedStart the planned start; {@link Field#dateOnly()} when the portal keeps
 * only its date
 * @param visitType the visit type, or null when not mapped
 * @param durationMinutes the duration, or null when not mapped
 * @param beginDate whether the item has {@code begindate}/{@code closedate} (the smart
 * process's begin and close dates are switched on)
 */
public record ItemFields(Field plannedStart, Field visitType, Field durationMinutes, boolean beginDate) {

	private static final List<String> DATES = List.of("datetime", "date");

	private static final List<String> TEXTS = List.of("string", "text");

	private static final List<String> NUMBERS = List.of("integer", "double", "string");

	/**
	 * A field as the portal spells it, with its Bitrix24 type ({@code datetime},
	 * {@code date}, {@code string}, ...).
	 */
	public record Field(String name, String type) {

		/**
		 * The portal keeps a day, no time: written as {@code yyyy-MM-dd}, read as a day
		 * in the rep's zone.
		 */
		public boolean dateOnly() {
			return "date".equals(this.type);
		}

	}

	/** The outcome of the check: the fields, or what is wrong with them. */
	public record Checked(ItemFields fields, List<String> problems) {

		public boolean ok() {
			return this.problems.isEmpty();
		}

	}

	/**
	 * Checks the configured names against {@code result.fields} of
	 * {@code crm.item.fields}.
	 * @param visitType null or blank: not mapped
	 * @param durationMinutes null or blank: not mapped
	 */
	public static Checked check(JsonNode portalFields, String plannedStart, String visitType, String durationMinutes) {
		List<String> problems = new ArrayList<>();
		Field start = field(portalFields, "planned-start", plannedStart, DATES, true, problems);
		Field type = field(portalFields, "visit-type", visitType, TEXTS, false, problems);
		Field duration = field(portalFields, "duration-minutes", durationMinutes, NUMBERS, false, problems);
		boolean beginDate = find(portalFields, "begindate").isPresent();
		return new Checked(new ItemFields(start, type, duration, beginDate), problems);
	}

	private static Field field(JsonNode portalFields, String setting, String configured, List<String> types,
			boolean required, List<String> problems) {
		if (configured == null || configured.isBlank()) {
			if (required) {
				problems.add("visitflow.bitrix24.fields." + setting + " is not set; candidates: "
						+ candidates(portalFields, types));
			}
			return null;
		}
		Optional<Map.Entry<String, JsonNode>> found = find(portalFields, configured.trim());
		if (found.isEmpty()) {
			problems.add("the item has no field " + configured + " (visitflow.bitrix24.fields." + setting
					+ "); fields of a fitting type (" + String.join(", ", types) + "): "
					+ candidates(portalFields, types));
			return null;
		}
		String name = found.get().getKey();
		JsonNode description = found.get().getValue();
		String type = description.path("type").asText("");
		if (!types.contains(type) || description.path("isMultiple").asBoolean(false)) {
			problems.add("the item field " + name + " (visitflow.bitrix24.fields." + setting + ") is of type " + type
					+ (description.path("isMultiple").asBoolean(false) ? " (multiple)" : "") + ", not "
					+ String.join(" or ", types) + "; fields that fit: " + candidates(portalFields, types));
			return null;
		}
		if (description.path("isReadOnly").asBoolean(false)) {
			problems.add("the item field " + name + " (visitflow.bitrix24.fields." + setting
					+ ") is read-only; fields that fit: " + candidates(portalFields, types));
			return null;
		}
		return new Field(name, type);
	}

	/** By the camelCase name, else by {@code upperName}, else case-insensitively. */
	private static Optional<Map.Entry<String, JsonNode>> find(JsonNode portalFields, String name) {
		if (portalFields.has(name)) {
			return Optional.of(Map.entry(name, portalFields.get(name)));
		}
		Map.Entry<String, JsonNode> loose = null;
		for (Iterator<Map.Entry<String, JsonNode>> it = portalFields.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> entry = it.next();
			if (name.equals(entry.getValue().path("upperName").asText(null))) {
				return Optional.of(entry);
			}
			if (entry.getKey().equalsIgnoreCase(name)) {
				loose = entry;
			}
		}
		return Optional.ofNullable(loose);
	}

	/**
	 * The writable, single fields of the types, custom ones first, as
	 * {@code name "title" (type)}.
	 */
	private static String candidates(JsonNode portalFields, List<String> types) {
		List<String> custom = new ArrayList<>();
		List<String> standard = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : PortalFields.writableSingle(portalFields, types)) {
			JsonNode description = entry.getValue();
			String type = description.path("type").asText("");
			String title = description.path("title").asText(description.path("formLabel").asText(""));
			String text = entry.getKey() + (title.isBlank() ? "" : " \"" + title + "\"") + " (" + type + ")";
			if (entry.getKey().toLowerCase(Locale.ROOT).startsWith("ufcrm")) {
				custom.add(text);
			}
			else {
				standard.add(text);
			}
		}
		custom.addAll(standard);
		return custom.isEmpty() ? "none" : String.join(", ", custom);
	}

	/**
	 * What to send for a planned start: the rep's local date-time with offset, or the
	 * rep's day for a date field.
	 */
	public static String write(Field field, Instant start, ZoneId zone) {
		ZonedDateTime local = start.atZone(zone);
		return (field != null && field.dateOnly()) ? local.toLocalDate().toString()
				: Bitrix24Time.ISO.format(local.truncatedTo(ChronoUnit.SECONDS));
	}

	/**
	 * The day a date value stands for. Bitrix24 sends a date as a date-time: midnight UTC
	 * shown with the portal user's offset ({@code 2024-06-18T02:00:00+02:00}) or midnight
	 * of the portal's zone; a bare date as is.
	 */
	public static LocalDate day(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			OffsetDateTime time = OffsetDateTime.parse(value.trim());
			OffsetDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC);
			return utc.toLocalTime().equals(LocalTime.MIDNIGHT) ? utc.toLocalDate() : time.toLocalDate();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDate.parse(value.trim().substring(0, Math.min(10, value.trim().length())));
			}
			catch (DateTimeParseException | StringIndexOutOfBoundsException again) {
				return null;
			}
		}
	}

	/** A date-time value as an instant; null when it is none. */
	public static Instant instant(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.trim()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}
}
