package ru.visitflow.route;

import java.util.List;

/**
 * A day to order, in seconds from midnight of the day in the rep's zone.
 *
 * @param start where the day starts
 * @param end where it ends (often the start)
 * @param dayStart earliest departure
 * @param dayEnd latest return
 * @param stops the visits, and optional suggestions
 * @param maxOptional at most this many optional stops (suggestions) are added
 * @param optionalWithinMetres an optional stop is considered only within this
 * straight-line distance of the legs of the planned visits' route
 */
public record RouteProblem(GeoPoint start, GeoPoint end, int dayStart, int dayEnd, List<Stop> stops, int maxOptional,
		double optionalWithinMetres) {

	/** A day without suggestions. */
	public RouteProblem(GeoPoint start, GeoPoint end, int dayStart, int dayEnd, List<Stop> stops) {
		this(start, end, dayStart, dayEnd, stops, 0, 0);
	}

	/**
	 * A stop.
	 *
	 * @param id the visit id, or {@code company:N} for a suggestion
	 * @param point where
	 * @param serviceSeconds how long the visit takes
	 * @param windows when the visit may start: opening intervals shortened by the visit's
	 * length; a fixed appointment has the single window [t, t]
	 * @param fixed kept at its time
	 * @param optional a suggestion, left out when it does not fit
	 * @param note why the windows are as they are ("closed that day", …), or null
	 */
	public record Stop(String id, GeoPoint point, int serviceSeconds, List<int[]> windows, boolean fixed,
			boolean optional, String note) {
	}

}
