package ru.visitflow.route;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

import ru.visitflow.geo.CompanyPositions;
import ru.visitflow.geo.Position;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAccess;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.visit.VisitService;

/**
 * A rep's day route: their open visits of the day with positions, durations, opening
 * hours and fixed appointments, ordered by {@link DayRouteSolver}; applying it moves the
 * visits that are not fixed to their new times through the visit service (and so their
 * Bitrix24 calendar events).
 */
@Service
public class RouteService {

	private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

	private final VisitService visits;

	private final VisitAccess access;

	private final UserDirectory users;

	private final CompanyPositions positions;

	private final StartPoints startPoints;

	private final RouteProperties properties;

	private final LifecycleProperties lifecycle;

	private final DayRouteSolver solver;

	private final Clock clock;

	RouteService(VisitService visits, VisitAccess access, UserDirectory users, CompanyPositions positions,
			StartPoints startPoints, RouteProperties properties, LifecycleProperties lifecycle, Clock clock,
			ObjectMapper json) {
		this.visits = visits;
		this.access = access;
		this.users = users;
		this.positions = positions;
		this.startPoints = startPoints;
		this.properties = properties;
		this.lifecycle = lifecycle;
		this.clock = clock;
		TravelTimes straight = new StraightLineTravelTimes(properties.detourFactor(), properties.averageSpeedKmh());
		TravelTimes times = (properties.osrmUrl() == null || properties.osrmUrl().isBlank()) ? straight
				: new OsrmTravelTimes(properties.osrmUrl(), straight, json);
		this.solver = new DayRouteSolver(times, properties.searchIterations());
	}

	/**
	 * The day's route; {@code start} given is the current position, else the rep's start
	 * point.
	 */
	public DayRoute day(String repId, LocalDate date, Double startLatitude, Double startLongitude, boolean fromHere,
			Actor actor) {
		return plan(repId, date, startLatitude, startLongitude, fromHere, actor).route();
	}

	/**
	 * Moves the visits that are not fixed to the times of the route; returns the route as
	 * applied.
	 */
	public DayRoute apply(String repId, LocalDate date, Double startLatitude, Double startLongitude, Actor actor) {
		Planned planned = plan(repId, date, startLatitude, startLongitude, false, actor);
		Instant now = this.clock.instant();
		for (DayRoute.Stop stop : planned.route().stops()) {
			Visit visit = planned.visits().get(stop.visitId());
			if (stop.fixed() || visit == null) {
				continue;
			}
			LocalTime start = LocalTime.parse(stop.start());
			ZonedDateTime when = date.atTime(start).atZone(planned.zone());
			if (!when.toInstant().equals(visit.plannedStart()) && when.toInstant().isAfter(now)) {
				this.visits.reschedule(visit.id(), date.atTime(start).toString(), actor);
			}
		}
		return plan(repId, date, startLatitude, startLongitude, false, actor).route();
	}

	/** Saves the rep's own start point (office or home). */
	public void saveStartPoint(Double latitude, Double longitude, String label, Actor actor) {
		checkPoint(latitude, longitude, true);
		this.startPoints.save(actor.userId(), new GeoPoint(latitude, longitude), label, this.clock.instant());
	}

	private Planned plan(String repId, LocalDate date, Double startLatitude, Double startLongitude, boolean fromHere,
			Actor actor) {
		String rep = (repId == null || repId.isBlank()) ? actor.userId() : repId;
		this.access.check(actor, rep);
		if (date == null) {
			throw new InvalidInputException(List.of(FieldProblem.required("date")));
		}
		checkPoint(startLatitude, startLongitude, false);
		ZoneId zone = this.users.timeZoneOf(rep);
		Instant from = date.atStartOfDay(zone).toInstant();
		Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
		List<Visit> day = this.visits.search(new VisitFilter(rep, null, null, from, to), 0, 200, actor)
			.items()
			.stream()
			.filter((visit) -> visit.stage().isOpen())
			.toList();
		Map<String, Visit> byId = new HashMap<>();
		List<RouteProblem.Stop> stops = new ArrayList<>();
		List<DayRoute.Unfitted> unfitted = new ArrayList<>();
		List<DayRoute.Unreadable> unreadable = new ArrayList<>();
		Map<String, GeoPoint> pointOf = new HashMap<>();
		for (Visit visit : day) {
			byId.put(visit.id().toString(), visit);
			Optional<Position> position = this.positions.of(visit.companyId());
			if (position.isEmpty()) {
				unfitted.add(new DayRoute.Unfitted(visit.id().toString(), visit.companyId(), visit.companyTitle(),
						"NO_POSITION"));
				continue;
			}
			GeoPoint point = new GeoPoint(position.get().latitude(), position.get().longitude());
			pointOf.put(visit.id().toString(), point);
			int service = visit.durationMinutes() * 60;
			boolean fixed = this.properties.fixedTypes().contains(visit.visitType());
			List<int[]> windows = new ArrayList<>();
			if (fixed) {
				int at = visit.plannedStart().atZone(zone).toLocalTime().toSecondOfDay();
				int tolerance = (int) this.properties.fixedTolerance().toSeconds();
				windows.add(new int[] { at - tolerance, at + tolerance });
			}
			else {
				String text = this.positions.openingHours(visit.companyId()).orElse(null);
				OpeningHours hours = OpeningHours.parse(text);
				if (hours.unreadable() != null) {
					unreadable
						.add(new DayRoute.Unreadable(visit.companyId(), visit.companyTitle(), hours.unreadable()));
				}
				for (int[] open : hours.intervals(date.getDayOfWeek())) {
					int latest = open[1] * 60 - service;
					if (latest >= open[0] * 60) {
						windows.add(new int[] { open[0] * 60, latest });
					}
				}
			}
			stops.add(new RouteProblem.Stop(visit.id().toString(), point, service, windows, fixed, false, null));
		}
		GeoPoint start;
		if (startLatitude != null) {
			start = new GeoPoint(startLatitude, startLongitude);
		}
		else {
			start = this.startPoints.of(rep)
				.orElseGet(() -> stops.isEmpty() ? new GeoPoint(0, 0) : stops.get(0).point());
		}
		int dayStart = this.properties.dayStart().toSecondOfDay();
		ZonedDateTime now = this.clock.instant().atZone(zone);
		if (now.toLocalDate().equals(date)) {
			dayStart = Math.max(dayStart, now.toLocalTime().toSecondOfDay());
		}
		RoutePlan plan = this.solver
			.solve(new RouteProblem(start, start, dayStart, this.properties.dayEnd().toSecondOfDay(), stops));
		List<DayRoute.Stop> ordered = new ArrayList<>();
		List<GeoPoint> linkPoints = new ArrayList<>();
		if (!fromHere) {
			linkPoints.add(start);
		}
		for (RoutePlan.Visit stop : plan.order()) {
			Visit visit = byId.get(stop.id());
			GeoPoint point = pointOf.get(stop.id());
			linkPoints.add(point);
			ordered.add(new DayRoute.Stop(stop.id(), visit.companyId(), visit.companyTitle(), point.latitude(),
					point.longitude(), time(stop.arrival()), time(stop.start()), time(stop.departure()),
					HH_MM.format(visit.plannedStart().atZone(zone)),
					this.properties.fixedTypes().contains(visit.visitType()), Math.round(stop.legMetres() / 100) / 10.0,
					Math.round(stop.legSeconds() / 60f), YandexLinks.to(point)));
		}
		if (!fromHere && !ordered.isEmpty()) {
			linkPoints.add(start);
		}
		for (RoutePlan.Unfitted missing : plan.unfitted()) {
			Visit visit = byId.get(missing.id());
			unfitted
				.add(new DayRoute.Unfitted(missing.id(), visit.companyId(), visit.companyTitle(), missing.reason()));
		}
		DayRoute route = new DayRoute(rep, date.toString(), zone.getId(), start.latitude(), start.longitude(), ordered,
				unfitted, unreadable, Math.round(plan.totalMetres() / 100) / 10.0,
				Math.round(plan.totalTravelSeconds() / 60f), time(plan.returnAt()), ordered.isEmpty() ? List.of()
						: YandexLinks.route(linkPoints, fromHere, this.properties.maxLinkPoints()),
				plan.solveMillis());
		return new Planned(route, byId, zone);
	}

	private static String time(int secondOfDay) {
		int clamped = Math.max(0, Math.min(secondOfDay, 24 * 3600 - 1));
		return HH_MM.format(LocalTime.ofSecondOfDay(clamped));
	}

	private static void checkPoint(Double latitude, Double longitude, boolean required) {
		List<FieldProblem> problems = new ArrayList<>();
		if (latitude == null && longitude == null && !required) {
			return;
		}
		if (latitude == null || !Double.isFinite(latitude) || latitude < -90 || latitude > 90) {
			problems.add(new FieldProblem("startLatitude", (latitude == null) ? "required" : "invalid",
					"must be between -90 and 90"));
		}
		if (longitude == null || !Double.isFinite(longitude) || longitude < -180 || longitude > 180) {
			problems.add(new FieldProblem("startLongitude", (longitude == null) ? "required" : "invalid",
					"must be between -180 and 180"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
	}

	private record Planned(DayRoute route, Map<String, Visit> visits, ZoneId zone) {
	}

}
