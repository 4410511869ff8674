package ru.visitflow.route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.graphhopper.jsprit.core.algorithm.VehicleRoutingAlgorithm;
import com.graphhopper.jsprit.core.algorithm.box.Jsprit;
import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.job.Job;
import com.graphhopper.jsprit.core.problem.job.Service;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TimeWindow;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleImpl;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleType;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleTypeImpl;
import com.graphhopper.jsprit.core.util.Solutions;
import com.graphhopper.jsprit.core.util.VehicleRoutingTransportCostsMatrix;

/**
 * Orders a day's stops with jsprit: one vehicle (the rep) from the start to the end point
 * within the working day, each stop a service with its duration and time windows; the
 * objective is the total travel time. Stops that cannot be served anywhere are told apart
 * before solving (closed that day, window unreachable from the start); those jsprit
 * leaves out are reported as not fitting into the day. The search is seeded, so the same
 * day gives the same order.
 * <p>
 * Optional stops (suggestions) never take part in the search: the planned visits are
 * ordered first, then suggestions are inserted one at a time where they add the least
 * travel and the whole day stays feasible (every window, fixed appointments at their
 * time, back by the day's end), up to the problem's {@code maxOptional}. A suggestion
 * therefore never pushes out a planned visit nor moves a fixed appointment.
 */
public class DayRouteSolver {

	private static final long SEED = 42;

	private final TravelTimes travelTimes;

	private final int iterations;

	public DayRouteSolver(TravelTimes travelTimes, int iterations) {
		this.travelTimes = travelTimes;
		this.iterations = iterations;
	}

	public RoutePlan solve(RouteProblem problem) {
		long started = System.nanoTime();
		List<GeoPoint> points = new ArrayList<>();
		points.add(problem.start());
		points.add(problem.end());
		problem.stops().forEach((stop) -> points.add(stop.point()));
		TravelTimes.Matrix matrix = this.travelTimes.matrix(points);
		List<RoutePlan.Unfitted> unfitted = new ArrayList<>();
		List<Integer> candidates = new ArrayList<>();
		List<Integer> optional = new ArrayList<>();
		for (int i = 0; i < problem.stops().size(); i++) {
			RouteProblem.Stop stop = problem.stops().get(i);
			String reason = impossible(stop, i + 2, problem, matrix);
			if (reason != null) {
				if (!stop.optional()) {
					unfitted.add(new RoutePlan.Unfitted(stop.id(), reason));
				}
			}
			else if (stop.optional()) {
				optional.add(i);
			}
			else {
				candidates.add(i);
			}
		}
		List<RoutePlan.Visit> order = new ArrayList<>();
		double totalMetres;
		int totalSeconds;
		int returnAt;
		Map<String, Integer> byJob = new HashMap<>();
		List<Integer> route = new ArrayList<>();
		Collection<Job> leftOut = List.of();
		if (!candidates.isEmpty()) {
			VehicleRoutingTransportCostsMatrix.Builder costs = VehicleRoutingTransportCostsMatrix.Builder
				.newInstance(false);
			for (int i = 0; i < points.size(); i++) {
				for (int j = 0; j < points.size(); j++) {
					costs.addTransportTime(String.valueOf(i), String.valueOf(j), matrix.seconds()[i][j]);
					costs.addTransportDistance(String.valueOf(i), String.valueOf(j), matrix.metres()[i][j]);
				}
			}
			VehicleType type = VehicleTypeImpl.Builder.newInstance("rep")
				.setCostPerDistance(0)
				.setCostPerTransportTime(1)
				.setCostPerWaitingTime(0)
				.setCostPerServiceTime(0)
				.build();
			VehicleImpl rep = VehicleImpl.Builder.newInstance("rep")
				.setType(type)
				.setStartLocation(Location.newInstance("0"))
				.setEndLocation(Location.newInstance("1"))
				.setReturnToDepot(true)
				.setEarliestStart(problem.dayStart())
				.setLatestArrival(problem.dayEnd())
				.build();
			VehicleRoutingProblem.Builder vrp = VehicleRoutingProblem.Builder.newInstance()
				.setFleetSize(VehicleRoutingProblem.FleetSize.FINITE)
				.setRoutingCost(costs.build())
				.addVehicle(rep);
			for (int i : candidates) {
				RouteProblem.Stop stop = problem.stops().get(i);
				Service.Builder<?> service = Service.Builder.newInstance(stop.id())
					.setLocation(Location.newInstance(String.valueOf(i + 2)))
					.setServiceTime(stop.serviceSeconds());
				for (int[] window : stop.windows()) {
					service.addTimeWindow(TimeWindow.newInstance(window[0], window[1]));
				}
				vrp.addJob(service.build());
				byJob.put(stop.id(), i);
			}
			VehicleRoutingAlgorithm algorithm = Jsprit.Builder.newInstance(vrp.build())
				.setRandom(new Random(SEED))
				.setProperty(Jsprit.Parameter.THREADS, "1")
				.buildAlgorithm();
			algorithm.setMaxIterations(iterationsFor(candidates.size()));
			Collection<VehicleRoutingProblemSolution> solutions = algorithm.searchSolutions();
			VehicleRoutingProblemSolution best = Solutions.bestOf(solutions);
			for (VehicleRoute vehicleRoute : best.getRoutes()) {
				for (TourActivity activity : vehicleRoute.getActivities()) {
					route.add(byJob.get(((TourActivity.JobActivity) activity).getJob().getId()));
				}
			}
			// jsprit's ruin-and-recreate leaves small slack on larger days: a local
			// search (2-opt and moving
			// chains of up to three stops) that keeps every window closes most of it in a
			// few milliseconds
			route = improve(route, problem, matrix);
			leftOut = best.getUnassignedJobs();
		}
		if (!optional.isEmpty() && problem.maxOptional() > 0) {
			route = improve(insertOptional(route, optional, problem, matrix), problem, matrix);
		}
		if (route.isEmpty()) {
			totalMetres = 0;
			totalSeconds = 0;
			returnAt = problem.dayStart();
		}
		else {
			Schedule schedule = schedule(route, problem, matrix);
			totalMetres = 0;
			totalSeconds = 0;
			int previous = 0;
			for (int k = 0; k < route.size(); k++) {
				int stop = route.get(k);
				int point = stop + 2;
				double metres = matrix.metres()[previous][point];
				int seconds = (int) Math.round(matrix.seconds()[previous][point]);
				order.add(new RoutePlan.Visit(problem.stops().get(stop).id(), (int) Math.round(schedule.arrivals[k]),
						(int) Math.round(schedule.starts[k]),
						(int) Math.round(schedule.starts[k] + problem.stops().get(stop).serviceSeconds()), metres,
						seconds));
				totalMetres += metres;
				totalSeconds += seconds;
				previous = point;
			}
			totalMetres += matrix.metres()[previous][1];
			totalSeconds += (int) Math.round(matrix.seconds()[previous][1]);
			returnAt = (int) Math.round(schedule.returnAt);
		}
		for (Job job : leftOut) {
			RouteProblem.Stop stop = problem.stops().get(byJob.get(job.getId()));
			unfitted.add(new RoutePlan.Unfitted(job.getId(), stop.fixed() ? "FIXED_CONFLICT" : "DAY_FULL"));
		}
		return new RoutePlan(order, unfitted, totalMetres, totalSeconds, returnAt,
				(int) ((System.nanoTime() - started) / 1_000_000));
	}

	/**
	 * Cheapest feasible insertion of optional stops into a feasible order: each round
	 * adds the suggestion that costs the least extra travel, until none fits or the
	 * problem's maximum is reached.
	 */
	static List<Integer> insertOptional(List<Integer> planned, List<Integer> optional, RouteProblem problem,
			TravelTimes.Matrix matrix) {
		List<Integer> route = new ArrayList<>(planned);
		double current = travel(route, problem, matrix);
		if (Double.isInfinite(current)) {
			return route;
		}
		List<GeoPoint> line = new ArrayList<>();
		line.add(problem.start());
		route.forEach((stop) -> line.add(problem.stops().get(stop).point()));
		line.add(problem.end());
		List<Integer> left = new ArrayList<>();
		for (int stop : optional) {
			if (distanceToLine(problem.stops().get(stop).point(), line) <= problem.optionalWithinMetres()) {
				left.add(stop);
			}
		}
		int added = 0;
		while (added < problem.maxOptional() && !left.isEmpty()) {
			double bestTravel = Double.POSITIVE_INFINITY;
			List<Integer> bestRoute = null;
			Integer bestStop = null;
			for (int stop : left) {
				for (int at = 0; at <= route.size(); at++) {
					List<Integer> candidate = new ArrayList<>(route);
					candidate.add(at, stop);
					double travel = travel(candidate, problem, matrix);
					if (travel < bestTravel) {
						bestTravel = travel;
						bestRoute = candidate;
						bestStop = stop;
					}
				}
			}
			if (bestRoute == null) {
				break;
			}
			route = bestRoute;
			left.remove(bestStop);
			added++;
		}
		return route;
	}

	/**
	 * Straight-line metres from a point to the nearest leg of a polyline (a local flat
	 * projection, good to a few metres at city scale).
	 */
	static double distanceToLine(GeoPoint point, List<GeoPoint> line) {
		double metresPerDegree = 111_320;
		double cos = Math.cos(Math.toRadians(point.latitude()));
		double best = Double.POSITIVE_INFINITY;
		for (int i = 0; i < line.size(); i++) {
			GeoPoint a = line.get(i);
			GeoPoint b = line.get(Math.min(i + 1, line.size() - 1));
			double ax = (a.longitude() - point.longitude()) * cos * metresPerDegree;
			double ay = (a.latitude() - point.latitude()) * metresPerDegree;
			double bx = (b.longitude() - point.longitude()) * cos * metresPerDegree;
			double by = (b.latitude() - point.latitude()) * metresPerDegree;
			double dx = bx - ax;
			double dy = by - ay;
			double length = dx * dx + dy * dy;
			double t = (length == 0) ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length));
			best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
		}
		return best;
	}

	/**
	 * Scales the search with the day: small days get many cheap iterations, large days
	 * fewer costly ones.
	 */
	private int iterationsFor(int stops) {
		int wanted = (stops <= 15) ? Math.max(400, stops * 100) : Math.max(500, 24_000 / stops);
		return Math.min(this.iterations, wanted);
	}

	/**
	 * First-improvement local search over feasible orders: 2-opt reversals and or-opt
	 * moves of 1-3 stops.
	 */
	static List<Integer> improve(List<Integer> start, RouteProblem problem, TravelTimes.Matrix matrix) {
		List<Integer> best = new ArrayList<>(start);
		double bestTravel = travel(best, problem, matrix);
		if (Double.isInfinite(bestTravel)) {
			return best;
		}
		boolean improved = true;
		int rounds = 0;
		while (improved && rounds++ < 50) {
			improved = false;
			int n = best.size();
			for (int i = 0; i < n - 1 && !improved; i++) {
				for (int j = i + 1; j < n && !improved; j++) {
					List<Integer> candidate = new ArrayList<>(best);
					Collections.reverse(candidate.subList(i, j + 1));
					double travel = travel(candidate, problem, matrix);
					if (travel < bestTravel - 1e-6) {
						best = candidate;
						bestTravel = travel;
						improved = true;
					}
				}
			}
			for (int length = 1; length <= 3 && !improved; length++) {
				for (int i = 0; i + length <= n && !improved; i++) {
					List<Integer> rest = new ArrayList<>(best);
					List<Integer> chain = new ArrayList<>(rest.subList(i, i + length));
					rest.subList(i, i + length).clear();
					for (int at = 0; at <= rest.size() && !improved; at++) {
						if (at == i) {
							continue;
						}
						List<Integer> candidate = new ArrayList<>(rest);
						candidate.addAll(at, chain);
						double travel = travel(candidate, problem, matrix);
						if (travel < bestTravel - 1e-6) {
							best = candidate;
							bestTravel = travel;
							improved = true;
						}
					}
				}
			}
		}
		return best;
	}

	/**
	 * Total travel seconds of an order, or +infinity when a window or the day's end is
	 * missed.
	 */
	static double travel(List<Integer> route, RouteProblem problem, TravelTimes.Matrix matrix) {
		double time = problem.dayStart();
		double travel = 0;
		int previous = 0;
		for (int stop : route) {
			double leg = matrix.seconds()[previous][stop + 2];
			travel += leg;
			double start = startAt(problem.stops().get(stop), time + leg);
			if (start < 0) {
				return Double.POSITIVE_INFINITY;
			}
			time = start + problem.stops().get(stop).serviceSeconds();
			previous = stop + 2;
		}
		double back = matrix.seconds()[previous][1];
		return (time + back <= problem.dayEnd() + 1e-6) ? travel + back : Double.POSITIVE_INFINITY;
	}

	private static Schedule schedule(List<Integer> route, RouteProblem problem, TravelTimes.Matrix matrix) {
		double[] arrivals = new double[route.size()];
		double[] starts = new double[route.size()];
		double time = problem.dayStart();
		int previous = 0;
		for (int k = 0; k < route.size(); k++) {
			int stop = route.get(k);
			arrivals[k] = time + matrix.seconds()[previous][stop + 2];
			starts[k] = Math.max(arrivals[k], startAt(problem.stops().get(stop), arrivals[k]));
			time = starts[k] + problem.stops().get(stop).serviceSeconds();
			previous = stop + 2;
		}
		return new Schedule(arrivals, starts, time + matrix.seconds()[previous][1]);
	}

	/**
	 * The earliest start in one of the stop's windows for an arrival, or -1 when every
	 * window is missed.
	 */
	private static double startAt(RouteProblem.Stop stop, double arrival) {
		for (int[] window : stop.windows()) {
			if (arrival <= window[1] + 1e-6) {
				return Math.max(arrival, window[0]);
			}
		}
		return -1;
	}

	private record Schedule(double[] arrivals, double[] starts, double returnAt) {
	}

	/** Why a stop cannot be served even alone, or null. */
	private static String impossible(RouteProblem.Stop stop, int point, RouteProblem problem,
			TravelTimes.Matrix matrix) {
		if (stop.windows().isEmpty()) {
			return "CLOSED";
		}
		double earliest = problem.dayStart() + matrix.seconds()[0][point];
		for (int[] window : stop.windows()) {
			double begin = Math.max(earliest, window[0]);
			if (begin <= window[1] && begin + stop.serviceSeconds() + matrix.seconds()[point][1] <= problem.dayEnd()) {
				return null;
			}
		}
		return "WINDOW_UNREACHABLE";
	}

}
