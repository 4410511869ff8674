package ru.visitflow.bitrix24.wire;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Date-times as Bitrix24's REST methods write and read them: ISO-8601 to the second, with
 * the offset.
 */
public final class Bitrix24Time {

	/**
	 * {@code 2026-12-20T11:00:00+03:00} ({@code +00:00}, never {@code Z}, as Bitrix24
	 * writes UTC).
	 */
	public static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

	private Bitrix24Time() {
	}

	/** The instant in the given zone, to the second. */
	public static String format(Instant instant, ZoneId zone) {
		return ISO.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
	}

	/** An ISO date-time with an offset, as in answers; null when blank or not one. */
	public static Instant parse(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text.trim()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
