package ru.visitflow.route;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Route quality and speed (run by {@code bench/routes.sh}, not by the build): random days
 * of 8-40 stops with windows in a city square; Visitflow's jsprit order against the exact
 * optimum (dynamic programming over subsets, up to 13 stops) and against
 * nearest-neighbour order. Prints a table.
 */
class RouteBenchmark {

	private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

	private final TravelTimes times = new StraightLineTravelTimes(1.3, 25);

	@Test
	void run() {
		int days = Integer.getInteger("bench.days", 10);
		DayRouteSolver solver = new DayRouteSolver(this.times, 2000);
		// warm the JIT so the first sizes are not charged for it
		for (int i = 0; i < 5; i++) {
			solver.solve(RandomDays.day(12, 1000 + i));
		}
		StringBuilder out = new StringBuilder("\nROUTE BENCHMARK (" + days + " random days per size)\n");
		out.append(String.format(Locale.ROOT, "%-6s %-9s %-16s %-13s %-24s %-13s %-13s %-12s%n", "stops", "compared",
				"jsprit_vs_opt_%", "jsprit_max_%", "nearest_vs_best_%", "cpu_p50_ms", "cpu_max_ms", "wall_p50_ms"));
		for (int size : new int[] { 8, 10, 12, 13, 15, 25, 40 }) {
			List<Double> gaps = new ArrayList<>();
			List<Double> nearestGaps = new ArrayList<>();
			List<Integer> millis = new ArrayList<>();
			List<Integer> cpu = new ArrayList<>();
			for (long seed = 1; seed <= days; seed++) {
				RouteProblem problem = RandomDays.day(size, seed * 7919 + size);
				TravelTimes.Matrix matrix = this.times.matrix(DayRouteSolverTests.points(problem));
				long started = System.nanoTime();
				long cpuStarted = CPU.getCurrentThreadCpuTime();
				RoutePlan plan = solver.solve(problem);
				millis.add((int) ((System.nanoTime() - started) / 1_000_000));
				cpu.add((int) ((CPU.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000));
				if (!plan.unfitted().isEmpty()) {
					continue;
				}
				double jsprit = ExactRoute.travelOf(problem, matrix, order(problem, plan));
				double best = (size <= 13) ? ExactRoute.optimum(problem, matrix) : jsprit;
				if (Double.isInfinite(best) || Double.isInfinite(jsprit)) {
					continue;
				}
				gaps.add(100 * (jsprit - best) / best);
				List<Integer> nearest = ExactRoute.nearestNeighbour(problem, matrix);
				double nearestTravel = (nearest.size() == size) ? ExactRoute.travelOf(problem, matrix, nearest)
						: Double.POSITIVE_INFINITY;
				if (Double.isFinite(nearestTravel)) {
					nearestGaps.add(100 * (nearestTravel - best) / best);
				}
			}
			Collections.sort(millis);
			Collections.sort(cpu);
			out.append(String.format(Locale.ROOT, "%-6d %-9d %-16s %-13s %-24s %-13d %-13d %-12d%n", size, gaps.size(),
					(size <= 13) ? fmt(avg(gaps)) : "n/a (no exact)", (size <= 13) ? fmt(max(gaps)) : "n/a",
					fmt(avg(nearestGaps)) + " (" + nearestGaps.size() + " feasible)", cpu.get(cpu.size() / 2),
					cpu.get(cpu.size() - 1), millis.get(millis.size() / 2)));
		}
		out.append("nearest_vs_best: nearest-neighbour order against the optimum (<= 13 stops) or jsprit (> 13);\n"
				+ "cpu: the solver thread's CPU time (wall time suffers when other jobs share the cores)\n");
		System.out.println(out);
	}

	private static List<Integer> order(RouteProblem problem, RoutePlan plan) {
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < problem.stops().size(); i++) {
			index.put(problem.stops().get(i).id(), i);
		}
		return plan.order().stream().map((v) -> index.get(v.id())).toList();
	}

	private static double avg(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	private static double max(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	private static String fmt(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
	}

}
