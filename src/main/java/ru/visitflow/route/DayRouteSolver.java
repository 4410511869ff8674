package ru.visitflow.route;

import java.util.ArrayList;
import java.util.Collection;
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
 * Orders a day's stops with jsprit: one vehicle (the rep) from the start to the end point within the working
 * day, each stop a service with its duration and time windows; the objective is the total travel time.
 * Stops that cannot be served anywhere are told apart before solving (closed that day, window unreachable
 * from the start); those jsprit leaves out are reported as not fitting into the day. The search is seeded,
 * so the same day gives the same order.
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
		for (int i = 0; i < problem.stops().size(); i++) {
			RouteProblem.Stop stop = problem.stops().get(i);
			String reason = impossible(stop, i + 2, problem, matrix);
			if (reason != null) {
				if (!stop.optional()) {
					unfitted.add(new RoutePlan.Unfitted(stop.id(), reason));
				}
			}
			else {
				candidates.add(i);
			}
		}
		List<RoutePlan.Visit> order = new ArrayList<>();
		double totalMetres;
		int totalSeconds;
		int returnAt;
		if (candidates.isEmpty()) {
			totalMetres = 0;
			totalSeconds = 0;
			returnAt = problem.dayStart();
		}
		else {
			VehicleRoutingTransportCostsMatrix.Builder costs = VehicleRoutingTransportCostsMatrix.Builder.newInstance(false);
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
			Map<String, Integer> byJob = new HashMap<>();
			for (int i : candidates) {
				RouteProblem.Stop stop = problem.stops().get(i);
				Service.Builder<?> service = Service.Builder.newInstance(stop.id())
					.setLocation(Location.newInstance(String.valueOf(i + 2)))
					.setServiceTime(stop.serviceSeconds());
				if (stop.optional()) {
					// a suggestion is worth less than a planned visit: it is dropped first
					service.setPriority(3);
				}
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
			totalMetres = 0;
			totalSeconds = 0;
			returnAt = problem.dayStart();
			for (VehicleRoute route : best.getRoutes()) {
				int previous = 0;
				for (TourActivity activity : route.getActivities()) {
					String id = ((TourActivity.JobActivity) activity).getJob().getId();
					int point = byJob.get(id) + 2;
					double metres = matrix.metres()[previous][point];
					int seconds = (int) Math.round(matrix.seconds()[previous][point]);
					order.add(new RoutePlan.Visit(id, (int) Math.round(activity.getArrTime()),
							(int) Math.round(activity.getEndTime() - activity.getOperationTime()),
							(int) Math.round(activity.getEndTime()), metres, seconds));
					totalMetres += metres;
					totalSeconds += seconds;
					previous = point;
				}
				totalMetres += matrix.metres()[previous][1];
				totalSeconds += (int) Math.round(matrix.seconds()[previous][1]);
				returnAt = (int) Math.round(route.getEnd().getArrTime());
			}
			for (Job job : best.getUnassignedJobs()) {
				RouteProblem.Stop stop = problem.stops().get(byJob.get(job.getId()));
				if (!stop.optional()) {
					unfitted.add(new RoutePlan.Unfitted(job.getId(), stop.fixed() ? "FIXED_CONFLICT" : "DAY_FULL"));
				}
			}
		}
		return new RoutePlan(order, unfitted, totalMetres, totalSeconds, returnAt,
				(int) ((System.nanoTime() - started) / 1_000_000));
	}

	/** Scales the search with the day: small days converge fast, 25+ stops get the configured budget. */
	private int iterationsFor(int stops) {
		return Math.max(200, Math.min(this.iterations, stops * 80));
	}

	/** Why a stop cannot be served even alone, or null. */
	private static String impossible(RouteProblem.Stop stop, int point, RouteProblem problem, TravelTimes.Matrix matrix) {
		if (stop.windows().isEmpty()) {
			return "CLOSED";
		}
		double earliest = problem.dayStart() + matrix.seconds()[0][point];
		for (int[] window : stop.windows()) {
			double begin = Math.max(earliest, window[0]);
			if (begin <= window[1]
					&& begin + stop.serviceSeconds() + matrix.seconds()[point][1] <= problem.dayEnd()) {
				return null;
			}
		}
		return "WINDOW_UNREACHABLE";
	}

}
