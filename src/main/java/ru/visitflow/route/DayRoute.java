package ru.visitflow.route;

import java.util.List;

/**
 * A rep's day in route order, times in the rep's zone ({@code HH:mm}).
 *
 * @param startFrom where the day starts: {@code CURRENT} (the position given),
 * {@code OFFICE} or {@code HOME} (the rep's profile), {@code FIRST_VISIT} (no place
 * known)
 * @param stops the visits in order, suggestions among them when asked for
 * @param unfitted what could not be fitted, with the reason code and the visit
 * @param unreadableHours opening hours that could not be read (company and text)
 * @param links Yandex.Maps links for the whole day, split into legs
 */
public record DayRoute(String repId, String date, String timeZone, double startLatitude, double startLongitude,
		double endLatitude, double endLongitude, String startFrom, List<Stop> stops, List<Unfitted> unfitted,
		List<Unreadable> unreadableHours, double totalKm, int totalTravelMinutes, String returnAt, List<String> links,
		int solveMillis) {

	/**
	 * A stop: a planned visit, or a suggestion (no visit yet: {@code visitId} and
	 * {@code plannedStart} are null, {@code coverageStatus} says why it is offered).
	 */
	public record Stop(String visitId, long companyId, String companyTitle, double latitude, double longitude,
			String arrival, String start, String departure, String plannedStart, boolean fixed, double legKm,
			int legMinutes, String yandexUrl, boolean suggestion, String coverageStatus) {
	}

	public record Unfitted(String visitId, long companyId, String companyTitle, String reason) {
	}

	public record Unreadable(long companyId, String companyTitle, String text) {
	}

}
