package ru.visitflow.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random days in a city square (about 20 x 20 km around Moscow's centre), for tests and
 * the benchmark.
 */
final class RandomDays {

	static final GeoPoint OFFICE = new GeoPoint(55.7558, 37.6173);

	private RandomDays() {
	}

	/**
	 * {@code stops} visits in a 12 x 12 km square around the office: about a quarter with
	 * a half-day window (9-13 or 14-19), the others open 8-21 with a lunch break 13-14;
	 * visits of 15-40 minutes (5-15 on days of more than 20 stops, as merchandising
	 * rounds are); the day 8:00-22:00.
	 */
	static RouteProblem day(int stops, long seed) {
		Random random = new Random(seed);
		List<RouteProblem.Stop> list = new ArrayList<>();
		for (int i = 0; i < stops; i++) {
			GeoPoint point = new GeoPoint(OFFICE.latitude() + (random.nextDouble() - 0.5) * 0.108,
					OFFICE.longitude() + (random.nextDouble() - 0.5) * 0.19);
			int service = ((stops > 20) ? 5 + random.nextInt(11) : 15 + random.nextInt(26)) * 60;
			List<int[]> windows = new ArrayList<>();
			if (random.nextInt(4) == 0) {
				boolean morning = random.nextBoolean();
				windows.add(morning ? new int[] { 9 * 3600, 13 * 3600 - service }
						: new int[] { 14 * 3600, 19 * 3600 - service });
			}
			else {
				windows.add(new int[] { 8 * 3600, 13 * 3600 - service });
				windows.add(new int[] { 14 * 3600, 21 * 3600 - service });
			}
			list.add(new RouteProblem.Stop("v" + i, point, service, windows, false, false, null));
		}
		return new RouteProblem(OFFICE, OFFICE, 8 * 3600, 22 * 3600, list);
	}

}
