package ru.visitflow.route;

import java.util.List;

/**
 * An ordered day: the stops in order with arrival, start and departure (seconds from
 * midnight), the legs' lengths, totals, and what could not be fitted with the reason.
 */
public record RoutePlan(List<Visit> order, List<Unfitted> unfitted, double totalMetres, int totalTravelSeconds,
		int returnAt, int solveMillis) {

	public record Visit(String id, int arrival, int start, int departure, double legMetres, int legSeconds) {
	}

	/**
	 * @param reason {@code CLOSED} (no opening on that day or shorter than the visit),
	 * {@code WINDOW_UNREACHABLE} (cannot be reached from the start in time),
	 * {@code FIXED_CONFLICT} (a fixed appointment collides), {@code DAY_FULL} (does not
	 * fit into the working day with the others), {@code NO_POSITION}
	 */
	public record Unfitted(String id, String reason) {
	}

}
