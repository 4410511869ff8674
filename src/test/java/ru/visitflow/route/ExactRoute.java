package ru.visitflow.route;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact optimum of a small day (tests and the benchmark only): dynamic programming
 * over subsets of stops, keeping for each (set, last stop) the labels (travel, time) that
 * no other label beats in both, as waiting for a window can make a shorter path later.
 * Same rules as the solver: service starts within one of the stop's windows, the day ends
 * back at the end point by dayEnd; the objective is total travel time.
 */
final class ExactRoute {

	private ExactRoute() {
	}

	/**
	 * The optimal total travel seconds serving every stop, or +infinity when no order is
	 * feasible.
	 */
	static double optimum(RouteProblem problem, TravelTimes.Matrix matrix) {
		int n = problem.stops().size();
		@SuppressWarnings("unchecked")
		List<double[]>[][] labels = new List[1 << n][n];
		for (int i = 0; i < n; i++) {
			double arrival = problem.dayStart() + matrix.seconds()[0][i + 2];
			double start = startAt(problem.stops().get(i), arrival);
			if (start >= 0) {
				add(labels, 1 << i, i, matrix.seconds()[0][i + 2], start + problem.stops().get(i).serviceSeconds());
			}
		}
		for (int mask = 1; mask < (1 << n); mask++) {
			for (int last = 0; last < n; last++) {
				List<double[]> here = labels[mask][last];
				if (here == null) {
					continue;
				}
				for (double[] label : here) {
					for (int next = 0; next < n; next++) {
						if ((mask & (1 << next)) != 0) {
							continue;
						}
						double travel = matrix.seconds()[last + 2][next + 2];
						double start = startAt(problem.stops().get(next), label[1] + travel);
						if (start >= 0) {
							add(labels, mask | (1 << next), next, label[0] + travel,
									start + problem.stops().get(next).serviceSeconds());
						}
					}
				}
			}
		}
		double best = Double.POSITIVE_INFINITY;
		int full = (1 << n) - 1;
		for (int last = 0; last < n; last++) {
			if (labels[full][last] == null) {
				continue;
			}
			for (double[] label : labels[full][last]) {
				double back = matrix.seconds()[last + 2][1];
				if (label[1] + back <= problem.dayEnd()) {
					best = Math.min(best, label[0] + back);
				}
			}
		}
		return best;
	}

	/**
	 * Total travel of the stops in this order from the start and back; checks every
	 * window.
	 */
	static double travelOf(RouteProblem problem, TravelTimes.Matrix matrix, List<Integer> order) {
		double time = problem.dayStart();
		double travel = 0;
		int previous = 0;
		for (int stop : order) {
			double leg = matrix.seconds()[previous][stop + 2];
			travel += leg;
			double start = startAt(problem.stops().get(stop), time + leg);
			if (start < 0) {
				return Double.POSITIVE_INFINITY;
			}
			time = start + problem.stops().get(stop).serviceSeconds();
			previous = stop + 2;
		}
		travel += matrix.seconds()[previous][1];
		return (time + matrix.seconds()[previous][1] <= problem.dayEnd()) ? travel : Double.POSITIVE_INFINITY;
	}

	/** Nearest-neighbour order: always the closest stop that can still be served. */
	static List<Integer> nearestNeighbour(RouteProblem problem, TravelTimes.Matrix matrix) {
		int n = problem.stops().size();
		List<Integer> order = new ArrayList<>();
		boolean[] done = new boolean[n];
		double time = problem.dayStart();
		int at = 0;
		for (int step = 0; step < n; step++) {
			int best = -1;
			for (int i = 0; i < n; i++) {
				if (!done[i] && startAt(problem.stops().get(i), time + matrix.seconds()[at][i + 2]) >= 0
						&& (best < 0 || matrix.seconds()[at][i + 2] < matrix.seconds()[at][best + 2])) {
					best = i;
				}
			}
			if (best < 0) {
				break;
			}
			done[best] = true;
			order.add(best);
			time = startAt(problem.stops().get(best), time + matrix.seconds()[at][best + 2])
					+ problem.stops().get(best).serviceSeconds();
			at = best + 2;
		}
		return order;
	}

	private static double startAt(RouteProblem.Stop stop, double arrival) {
		for (int[] window : stop.windows()) {
			if (arrival <= window[1] + 1e-6) {
				return Math.max(arrival, window[0]);
			}
		}
		return -1;
	}

	private static void add(List<double[]>[][] labels, int mask, int last, double travel, double time) {
		List<double[]> list = labels[mask][last];
		if (list == null) {
			list = new ArrayList<>();
			labels[mask][last] = list;
		}
		for (double[] other : list) {
			if (other[0] <= travel + 1e-9 && other[1] <= time + 1e-9) {
				return;
			}
		}
		list.removeIf((other) -> travel <= other[0] + 1e-9 && time <= other[1] + 1e-9);
		list.add(new double[] { travel, time });
	}

}
