package ru.visitflow.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import ru.visitflow.bitrix24.wire.Bitrix24Time;

/**
 * Dates as the portal (in Moscow) writes and reads them: ISO-8601 with an offset in REST
 * answers, Russian locale format ({@code 20.12.2026 11:00:00}) where Bitrix24 shows dates
 * to people (calendar, user fields of legacy methods); naive input is read in the
 * portal's time zone.
 */
final class SandboxTime {

	static final ZoneId PORTAL_ZONE = ZoneId.of("Europe/Moscow");

	private static final DateTimeFormatter RU_DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");

	private static final DateTimeFormatter RU_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

	private SandboxTime() {
	}

	/** {@code 2026-12-20T11:00:00+03:00}. */
	static String iso(Instant instant) {
		return (instant != null) ? Bitrix24Time.format(instant, PORTAL_ZONE) : null;
	}

	static String iso(Instant instant, ZoneId zone) {
		return Bitrix24Time.format(instant, zone);
	}

	/**
	 * A date field as Bitrix24 answers it: a date-time, midnight UTC shown with the
	 * portal's offset ({@code 2026-12-20T03:00:00+03:00}; the reference's
	 * {@code 2024-06-18T02:00:00+02:00}). A date has no time.
	 */
	static String isoDate(LocalDate date) {
		return (date != null)
				? Bitrix24Time.ISO.format(date.atStartOfDay(ZoneOffset.UTC).withZoneSameInstant(PORTAL_ZONE)) : null;
	}

	/** {@code 20.12.2026 11:00:00} in the given zone. */
	static String russian(Instant instant, ZoneId zone) {
		return RU_DATE_TIME.format(instant.atZone(zone));
	}

	static String russianDate(Instant instant, ZoneId zone) {
		return RU_DATE.format(instant.atZone(zone));
	}

	/**
	 * Reads what people and clients send: ISO with offset or {@code Z}, ISO without
	 * offset, a bare ISO date, Russian {@code dd.MM.yyyy[ HH:mm[:ss]]}, or unix seconds.
	 * Naive values are read in {@code zone}.
	 * @return null when the text is none of those
	 */
	static Instant parse(Object value, ZoneId zone) {
		if (value == null) {
			return null;
		}
		String text = String.valueOf(value).trim();
		if (text.isEmpty()) {
			return null;
		}
		Instant withOffset = Bitrix24Time.parse(text);
		if (withOffset != null) {
			return withOffset;
		}
		try {
			return LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant();
		}
		catch (DateTimeParseException ex) {
			// next format
		}
		try {
			return LocalDate.parse(text).atStartOfDay(zone).toInstant();
		}
		catch (DateTimeParseException ex) {
			// next format
		}
		for (String pattern : new String[] { "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm" }) {
			try {
				return LocalDateTime.parse(text, DateTimeFormatter.ofPattern(pattern)).atZone(zone).toInstant();
			}
			catch (DateTimeParseException ex) {
				// next format
			}
		}
		try {
			return LocalDate.parse(text, RU_DATE).atStartOfDay(zone).toInstant();
		}
		catch (DateTimeParseException ex) {
			// next format
		}
		if (text.matches("\\d{9,11}")) {
			return Instant.ofEpochSecond(Long.parseLong(text));
		}
		return null;
	}

	static Instant parse(Object value) {
		return parse(value, PORTAL_ZONE);
	}

	static LocalDate parseDate(Object value) {
		Instant instant = parse(value);
		return (instant != null) ? ZonedDateTime.ofInstant(instant, PORTAL_ZONE).toLocalDate() : null;
	}

}
