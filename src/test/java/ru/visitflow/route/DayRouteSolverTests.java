package ru.visitflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * jsprit's order against the exact optimum on small days, and the rules: fixed
 * appointments never move, opening hours and lunch breaks hold, impossible windows are
 * reported instead of being violated.
 */
class DayRouteSolverTests {

	private final TravelTimes times = new StraightLineTravelTimes(1.3, 25);

	private final DayRouteSolver solver = new DayRouteSolver(this.times, 2000);

	private static List<Integer> indices(RouteProblem problem, RoutePlan plan) {
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < problem.stops().size(); i++) {
			index.put(problem.stops().get(i).id(), i);
		}
		return plan.order().stream().map((v) -> index.get(v.id())).toList();
	}

	@Test
	void withinOnePercentOfTheOptimumOnSmallDays() {
		double sumRatio = 0;
		int days = 0;
		for (long seed = 1; seed <= 8; seed++) {
			RouteProblem problem = RandomDays.day(8, seed);
			TravelTimes.Matrix matrix = this.times.matrix(points(problem));
			double optimum = ExactRoute.optimum(problem, matrix);
			if (Double.isInfinite(optimum)) {
				continue;
			}
			RoutePlan plan = this.solver.solve(problem);
			assertThat(plan.unfitted()).as("seed %d", seed).isEmpty();
			double travel = ExactRoute.travelOf(problem, matrix, indices(problem, plan));
			assertThat(travel).as("the solver's order is feasible (seed %d)", seed).isFinite();
			assertThat(travel).as("never better than the optimum").isGreaterThanOrEqualTo(optimum - 1e-6);
			assertThat(Math.abs(plan.totalTravelSeconds() - travel)).isLessThan(plan.order().size() + 2.0);
			sumRatio += travel / optimum;
			days++;
		}
		assertThat(days).isGreaterThanOrEqualTo(5);
		assertThat(sumRatio / days).isLessThanOrEqualTo(1.01);
	}

	@Test
	void aFixedAppointmentKeepsItsTime() {
		List<RouteProblem.Stop> stops = new ArrayList<>();
		stops.add(new RouteProblem.Stop("fixed", new GeoPoint(55.80, 37.60), 3600,
				List.of(new int[] { 15 * 3600, 15 * 3600 }), true, false, null));
		stops.add(stop("a", 55.76, 37.62, 1800, 9, 18));
		stops.add(stop("b", 55.79, 37.58, 1800, 9, 18));
		stops.add(stop("c", 55.70, 37.70, 1800, 9, 18));
		RoutePlan plan = this.solver
			.solve(new RouteProblem(RandomDays.OFFICE, RandomDays.OFFICE, 9 * 3600, 19 * 3600, stops));
		assertThat(plan.unfitted()).isEmpty();
		RoutePlan.Visit fixed = plan.order().stream().filter((v) -> v.id().equals("fixed")).findFirst().orElseThrow();
		assertThat(fixed.start()).isEqualTo(15 * 3600);
	}

	@Test
	void theLunchBreakIsRespected() {
		// opens 9-13 and 14-18; a 90-minute visit cannot start after 11:30 or before
		// 14:00 in the afternoon
		List<int[]> windows = List.of(new int[] { 9 * 3600, 13 * 3600 - 5400 },
				new int[] { 14 * 3600, 18 * 3600 - 5400 });
		List<RouteProblem.Stop> stops = List
			.of(new RouteProblem.Stop("lunch", new GeoPoint(55.76, 37.62), 5400, windows, false, false, null));
		// the day starts at 12:00: the morning window is gone, the visit waits for 14:00
		RoutePlan plan = this.solver
			.solve(new RouteProblem(RandomDays.OFFICE, RandomDays.OFFICE, 12 * 3600, 19 * 3600, stops));
		assertThat(plan.order()).hasSize(1);
		assertThat(plan.order().get(0).start()).isEqualTo(14 * 3600);
		assertThat(plan.order().get(0).departure()).isLessThanOrEqualTo(18 * 3600);
	}

	@Test
	void impossibleWindowsAreReportedNotViolated() {
		List<RouteProblem.Stop> stops = new ArrayList<>();
		// closes at 9:10, 40 km away: cannot be reached in time
		stops.add(new RouteProblem.Stop("far", new GeoPoint(56.10, 37.62), 1800,
				List.of(new int[] { 9 * 3600, 9 * 3600 + 600 }), false, false, null));
		// closed that day
		stops.add(new RouteProblem.Stop("closed", new GeoPoint(55.76, 37.62), 1800, List.of(), false, false, null));
		// two appointments at the same time in different places
		stops.add(new RouteProblem.Stop("meet1", new GeoPoint(55.70, 37.50), 3600,
				List.of(new int[] { 11 * 3600, 11 * 3600 }), true, false, null));
		stops.add(new RouteProblem.Stop("meet2", new GeoPoint(55.82, 37.75), 3600,
				List.of(new int[] { 11 * 3600, 11 * 3600 }), true, false, null));
		stops.add(stop("ok", 55.75, 37.60, 1800, 9, 18));
		RoutePlan plan = this.solver
			.solve(new RouteProblem(RandomDays.OFFICE, RandomDays.OFFICE, 9 * 3600, 19 * 3600, stops));
		Map<String, String> reasons = new HashMap<>();
		plan.unfitted().forEach((u) -> reasons.put(u.id(), u.reason()));
		assertThat(reasons).containsEntry("far", "WINDOW_UNREACHABLE").containsEntry("closed", "CLOSED");
		assertThat(reasons.keySet()).containsAnyOf("meet1", "meet2");
		assertThat(reasons.get(reasons.containsKey("meet1") ? "meet1" : "meet2")).isEqualTo("FIXED_CONFLICT");
		assertThat(plan.order()).extracting(RoutePlan.Visit::id).contains("ok").doesNotContain("far", "closed");
		// whatever was placed keeps its window
		for (RoutePlan.Visit visit : plan.order()) {
			RouteProblem.Stop stop = stops.stream().filter((s) -> s.id().equals(visit.id())).findFirst().orElseThrow();
			assertThat(stop.windows()).anySatisfy((w) -> assertThat(visit.start()).isBetween(w[0], w[1]));
		}
	}

	private static RouteProblem.Stop stop(String id, double lat, double lon, int service, int opens, int closes) {
		return new RouteProblem.Stop(id, new GeoPoint(lat, lon), service,
				List.of(new int[] { opens * 3600, closes * 3600 - service }), false, false, null);
	}

	static List<GeoPoint> points(RouteProblem problem) {
		List<GeoPoint> points = new ArrayList<>();
		points.add(problem.start());
		points.add(problem.end());
		problem.stops().forEach((s) -> points.add(s.point()));
		return points;
	}

}
