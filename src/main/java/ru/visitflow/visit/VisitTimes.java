package ru.visitflow.visit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import ru.visitflow.system.InvalidInputException;

/**
 * Reads a visit time as people and forms write it, in one place: with an offset
 * ({@code 2026-12-01T10:00+03:00}, {@code ...Z}) it is absolute; a local date-time
 * ({@code 2026-12-01T10:00}) is in the rep's zone; a bare date ({@code 2026-12-01}) takes
 * the default visit time. Tasklist forms submit dates as such strings.
 */
public final class VisitTimes {

	private VisitTimes() {
	}

	/**
	 * How far from today a visit, a next visit or a task deadline may lie, either way.
	 */
	public static final int MAX_YEARS_FROM_TODAY = 10;

	public static Instant parse(String value, String field, ZoneId zone, LocalTime defaultTime) {
		String text = (value != null) ? value.trim() : "";
		if (text.isEmpty()) {
			throw new InvalidInputException(field, "required", "must be given");
		}
		try {
			if (text.length() == 10) {
				return LocalDate.parse(text).atTime(defaultTime).atZone(zone).toInstant();
			}
			if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
				return OffsetDateTime.parse(text).toInstant();
			}
			return LocalDateTime.parse(text).atZone(zone).toInstant();
		}
		catch (DateTimeException ex) {
			throw new InvalidInputException(field, "format", "'" + text
					+ "' is not a date-time; use 2026-12-01T10:00 (rep's time zone), 2026-12-01T10:00+03:00 or 2026-12-01");
		}
	}

	/**
	 * True when a value was given at all (forms submit empty optional dates as null or
	 * "").
	 */
	public static boolean isGiven(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * Refuses a time more than {@value #MAX_YEARS_FROM_TODAY} years before or after
	 * {@code now}: such dates are typing errors, and Bitrix24 and the database would
	 * store them as given.
	 */
	public static Instant withinBounds(Instant value, String field, Instant now) {
		ZonedDateTime today = now.atZone(ZoneOffset.UTC);
		if (value.isAfter(today.plusYears(MAX_YEARS_FROM_TODAY).toInstant())
				|| value.isBefore(today.minusYears(MAX_YEARS_FROM_TODAY).toInstant())) {
			throw new InvalidInputException(field, "range",
					"must be within " + MAX_YEARS_FROM_TODAY + " years of today");
		}
		return value;
	}

}
