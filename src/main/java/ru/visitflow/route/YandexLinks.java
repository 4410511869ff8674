package ru.visitflow.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Yandex.Maps route links:
 * {@code https://yandex.ru/maps/?rtext=LAT,LON~LAT,LON~…&rtt=auto}, latitude first, in
 * route order; an empty first point routes from the phone's position. Days with more
 * points than a link carries well are split into consecutive legs, the last point of one
 * leg being the first of the next.
 */
public final class YandexLinks {

	private static final String BASE = "https://yandex.ru/maps/?rtext=";

	private YandexLinks() {
	}

	/**
	 * @param points the route in order
	 * @param fromHere start from the phone's current position (an empty first point)
	 * @param maxPoints points per link, at least 2
	 */
	public static List<String> route(List<GeoPoint> points, boolean fromHere, int maxPoints) {
		List<String> links = new ArrayList<>();
		if (points.isEmpty()) {
			return links;
		}
		int step = Math.max(2, maxPoints) - 1;
		for (int from = 0; from < points.size(); from += step) {
			int to = Math.min(points.size(), from + step + 1);
			if (from > 0 && to - from < 2) {
				break;
			}
			String text = points.subList(from, to).stream().map(YandexLinks::point).collect(Collectors.joining("~"));
			links.add(BASE + ((from == 0 && fromHere) ? "~" : "") + text + "&rtt=auto");
			if (to == points.size()) {
				break;
			}
		}
		return links;
	}

	/** From the phone's position to one place. */
	public static String to(GeoPoint point) {
		return BASE + "~" + point(point) + "&rtt=auto";
	}

	private static String point(GeoPoint point) {
		return String.format(Locale.ROOT, "%.6f,%.6f", point.latitude(), point.longitude());
	}

}
