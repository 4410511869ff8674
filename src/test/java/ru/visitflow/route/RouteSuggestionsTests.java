package ru.visitflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Suggestions on the day's route: offered near the route only, inserted only where the
 * planned day stays as it must (fixed appointments at their time, every window kept, back
 * by the day's end), never reported as not fitting.
 */
class RouteSuggestionsTests {

	private static final GeoPoint OFFICE = new GeoPoint(55.75, 37.60);

	private final DayRouteSolver solver = new DayRouteSolver(new StraightLineTravelTimes(1.3, 25), 2000);

	@Test
	void aSuggestionNearTheRouteIsOfferedAFarOneIsNot() {
		List<RouteProblem.Stop> stops = new ArrayList<>();
		stops.add(planned("a", 55.77, 37.60, 9, 18));
		stops.add(planned("b", 55.79, 37.60, 9, 18));
		// 400 m east of the leg a-b
		stops.add(suggestion("near", 55.78, 37.6064));
		// about 6 km east of everything
		stops.add(suggestion("far", 55.78, 37.70));
		RoutePlan plan = this.solver.solve(new RouteProblem(OFFICE, OFFICE, 9 * 3600, 19 * 3600, stops, 3, 1500));
		assertThat(plan.order()).extracting(RoutePlan.Visit::id).contains("a", "b", "near").doesNotContain("far");
		assertThat(plan.unfitted()).isEmpty();
		// without suggestions asked for, none is added
		RoutePlan none = this.solver.solve(new RouteProblem(OFFICE, OFFICE, 9 * 3600, 19 * 3600, stops, 0, 1500));
		assertThat(none.order()).extracting(RoutePlan.Visit::id).containsExactlyInAnyOrder("a", "b");
		// the distance is measured to the legs, not only to the stops
		assertThat(DayRouteSolver.distanceToLine(new GeoPoint(55.78, 37.6064),
				List.of(new GeoPoint(55.77, 37.60), new GeoPoint(55.79, 37.60))))
			.isBetween(350.0, 450.0);
	}

	@Test
	void aSuggestionNeverPushesAFixedAppointmentOrBreaksAWindow() {
		List<RouteProblem.Stop> stops = new ArrayList<>();
		// an appointment at 10:00 1.1 km away, a shop that only takes visits until 11:30
		stops.add(new RouteProblem.Stop("meeting", new GeoPoint(55.76, 37.60), 3600,
				List.of(new int[] { 10 * 3600, 10 * 3600 }), true, false, null));
		stops.add(new RouteProblem.Stop("shop", new GeoPoint(55.765, 37.605), 1800,
				List.of(new int[] { 9 * 3600, 11 * 3600 + 1800 }), false, false, null));
		// two hours long, right next to the office: it fits nowhere before 12:30
		stops.add(new RouteProblem.Stop("long", new GeoPoint(55.751, 37.601), 7200,
				List.of(new int[] { 9 * 3600, 18 * 3600 }), false, true, null));
		// closed that day: silently not offered
		stops.add(new RouteProblem.Stop("closed", new GeoPoint(55.755, 37.60), 1800, List.of(), false, true, null));
		// the day ends at 12:30
		RoutePlan plan = this.solver
			.solve(new RouteProblem(OFFICE, OFFICE, 9 * 3600, 12 * 3600 + 1800, stops, 5, 1500));
		assertThat(plan.unfitted()).isEmpty();
		assertThat(plan.order()).extracting(RoutePlan.Visit::id)
			.containsExactlyInAnyOrder("meeting", "shop")
			.doesNotContain("long", "closed");
		assertThat(visit(plan, "meeting").start()).isEqualTo(10 * 3600);
		assertThat(visit(plan, "shop").start()).isLessThanOrEqualTo(11 * 3600 + 1800);
		// a longer day leaves room for it after the others: then it is added, and still
		// nothing moves
		RoutePlan longer = this.solver.solve(new RouteProblem(OFFICE, OFFICE, 9 * 3600, 19 * 3600, stops, 5, 1500));
		assertThat(longer.order()).extracting(RoutePlan.Visit::id).contains("meeting", "shop", "long");
		assertThat(visit(longer, "meeting").start()).isEqualTo(10 * 3600);
		assertThat(visit(longer, "shop").start()).isLessThanOrEqualTo(11 * 3600 + 1800);
		assertThat(visit(longer, "long").departure()).isLessThanOrEqualTo(19 * 3600);
	}

	@Test
	void noMoreSuggestionsThanAsked() {
		List<RouteProblem.Stop> stops = new ArrayList<>();
		stops.add(planned("a", 55.77, 37.60, 9, 18));
		for (int i = 0; i < 5; i++) {
			stops.add(suggestion("s" + i, 55.755 + i * 0.003, 37.601));
		}
		RoutePlan plan = this.solver.solve(new RouteProblem(OFFICE, OFFICE, 9 * 3600, 19 * 3600, stops, 2, 1500));
		assertThat(plan.order()).hasSize(3);
	}

	private static RoutePlan.Visit visit(RoutePlan plan, String id) {
		return plan.order().stream().filter((v) -> v.id().equals(id)).findFirst().orElseThrow();
	}

	private static RouteProblem.Stop planned(String id, double lat, double lon, int opens, int closes) {
		return new RouteProblem.Stop(id, new GeoPoint(lat, lon), 1800,
				List.of(new int[] { opens * 3600, closes * 3600 - 1800 }), false, false, null);
	}

	private static RouteProblem.Stop suggestion(String id, double lat, double lon) {
		return new RouteProblem.Stop(id, new GeoPoint(lat, lon), 1800, List.of(new int[] { 9 * 3600, 18 * 3600 }),
				false, true, null);
	}

}
