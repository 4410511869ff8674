package ru.visitflow.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random days in a city square (about 20 x 20 km around Moscow's centre), for tests and the benchmark. */
final class RandomDays {

	static final GeoPoint OFFICE = new GeoPoint(55.7558, 37.6173);

	private RandomDays() {
	}

	/**
	 * {@code stops} visits of 30-60 minutes; about a third with a half-day window (morning or afternoon),
	 * the others open 9-18 with a lunch break; the day 9:00-20:00.
	 */
	static RouteProblem day(int stops, long seed) {
		Random random = new Random(seed);
		List<RouteProblem.Stop> list = new ArrayList<>();
		for (int i = 0; i < stops; i++) {
			GeoPoint point = new GeoPoint(OFFICE.latitude() + (random.nextDouble() - 0.5) * 0.18,
					OFFICE.longitude() + (random.nextDouble() - 0.5) * 0.32);
			int service = (30 + random.nextInt(31)) * 60;
			List<int[]> windows = new ArrayList<>();
			int kind = random.nextInt(3);
			if (kind == 0) {
				boolean morning = random.nextBoolean();
				windows.add(morning ? new int[] { 9 * 3600, 13 * 3600 - service } : new int[] { 14 * 3600, 19 * 3600 - service });
			}
			else {
				windows.add(new int[] { 9 * 3600, 13 * 3600 - service });
				windows.add(new int[] { 14 * 3600, 20 * 3600 - service });
			}
			list.add(new RouteProblem.Stop("v" + i, point, service, windows, false, false, null));
		}
		int dayEnd = (stops > 13) ? 23 * 3600 : 20 * 3600;
		return new RouteProblem(OFFICE, OFFICE, 9 * 3600, dayEnd, list);
	}

}
