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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Service;

import ru.visitflow.coverage.CoverageEntry;
import ru.visitflow.coverage.CoverageService;
import ru.visitflow.geo.CompanyPositions;
import ru.visitflow.geo.Position;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserPlaces;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAccess;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.visit.VisitOrigin;
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

	private final RouteProperties properties;

	private final LifecycleProperties lifecycle;

	private final DayRouteSolver solver;

	private final CoverageService coverage;

	private final Clock clock;

	RouteService(VisitService visits, VisitAccess access, UserDirectory users, CompanyPositions positions,
			RouteProperties properties, LifecycleProperties lifecycle, CoverageService coverage, Clock clock,
			ObjectMapper json) {
		this.coverage = coverage;
		this.visits = visits;
		this.access = access;
		this.users = users;
		this.positions = positions;
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
		return day(repId, date, startLatitude, startLongitude, fromHere, false, null, actor);
	}

	/**
	 * The day's route, with up to {@code maxSuggestions} companies due for a visit added
	 * where they fit when {@code suggestions} is set.
	 */
	public DayRoute day(String repId, LocalDate date, Double startLatitude, Double startLongitude, boolean fromHere,
			boolean suggestions, Integer maxSuggestions, Actor actor) {
		Suggesting suggesting = suggestions ? new Suggesting(count(maxSuggestions), null) : Suggesting.NONE;
		return plan(repId, date, startLatitude, startLongitude, fromHere, suggesting, actor).route();
	}

	/**
	 * Moves the visits that are not fixed to the times of the route; returns the route as
	 * applied.
	 */
	public DayRoute apply(String repId, LocalDate date, Double startLatitude, Double startLongitude, Actor actor) {
		return apply(repId, date, startLatitude, startLongitude, List.of(), actor);
	}

	/**
	 * Moves the visits that are not fixed to the times of the route, and plans a visit
	 * (origin ROUTE) for each suggestion the rep keeps ({@code keep}: company ids) that
	 * still fits; returns the route as applied, a kept suggestion that no longer fits
	 * listed as {@code NO_LONGER_FITS}.
	 */
	public DayRoute apply(String repId, LocalDate date, Double startLatitude, Double startLongitude, List<Long> keep,
			Actor actor) {
		Set<Long> kept = (keep == null) ? Set.of() : Set.copyOf(keep);
		if (kept.size() > this.properties.suggestions().maxCount()) {
			throw new InvalidInputException(List.of(new FieldProblem("keep", "invalid",
					"at most " + this.properties.suggestions().maxCount() + " suggestions")));
		}
		Suggesting suggesting = kept.isEmpty() ? Suggesting.NONE : new Suggesting(kept.size(), kept);
		Planned planned = plan(repId, date, startLatitude, startLongitude, false, suggesting, actor);
		Instant now = this.clock.instant();
		List<DayRoute.Unfitted> gone = new ArrayList<>();
		Set<Long> placed = new HashSet<>();
		for (DayRoute.Stop stop : planned.route().stops()) {
			if (stop.suggestion()) {
				placed.add(stop.companyId());
				continue;
			}
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
		for (DayRoute.Stop stop : planned.route().stops()) {
			if (stop.suggestion()) {
				this.visits.create(new NewVisit(stop.companyId(), stop.companyTitle(), null, planned.route().repId(),
						this.properties.suggestions().visitType(),
						date.atTime(LocalTime.parse(stop.start())).toString(), null, null, null, VisitOrigin.ROUTE),
						actor);
			}
		}
		for (Long company : kept) {
			if (!placed.contains(company)) {
				gone.add(new DayRoute.Unfitted(null, company, null, "NO_LONGER_FITS"));
			}
		}
		DayRoute route = plan(repId, date, startLatitude, startLongitude, false, Suggesting.NONE, actor).route();
		if (gone.isEmpty()) {
			return route;
		}
		List<DayRoute.Unfitted> unfitted = new ArrayList<>(route.unfitted());
		unfitted.addAll(gone);
		return new DayRoute(route.repId(), route.date(), route.timeZone(), route.startLatitude(),
				route.startLongitude(), route.endLatitude(), route.endLongitude(), route.startFrom(), route.stops(),
				unfitted, route.unreadableHours(), route.totalKm(), route.totalTravelMinutes(), route.returnAt(),
				route.links(), route.solveMillis());
	}

	private int count(Integer maxSuggestions) {
		int max = this.properties.suggestions().maxCount();
		if (maxSuggestions == null) {
			return Math.min(max, this.properties.suggestions().defaultCount());
		}
		if (maxSuggestions < 0 || maxSuggestions > max) {
			throw new InvalidInputException(
					List.of(new FieldProblem("maxSuggestions", "invalid", "must be between 0 and " + max)));
		}
		return maxSuggestions;
	}

	/**
	 * Sets the caller's office in their profile (the former route start point, kept for
	 * older clients); the day starts there unless the profile says home.
	 */
	public void saveStartPoint(Double latitude, Double longitude, String label, Actor actor) {
		checkPoint(latitude, longitude, true);
		UserPlaces places = this.users.places(actor.userId());
		this.users.savePlaces(actor.userId(), places.with(UserPlaces.Kind.OFFICE,
				new UserPlaces.Place(latitude, longitude, (label == null || label.isBlank()) ? null : label.trim())));
	}

	private Planned plan(String repId, LocalDate date, Double startLatitude, Double startLongitude, boolean fromHere,
			Suggesting suggesting, Actor actor) {
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
		// the current position when given, else the profile's start (office or home); the
		// day ends at the profile's end, else where it started
		UserPlaces places = this.users.places(rep);
		GeoPoint start;
		String startFrom;
		if (startLatitude != null) {
			start = new GeoPoint(startLatitude, startLongitude);
			startFrom = "CURRENT";
		}
		else if (places.start().isPresent()) {
			start = point(places.start().get());
			startFrom = (places.start().get() == places.office()) ? "OFFICE" : "HOME";
		}
		else {
			start = stops.isEmpty() ? new GeoPoint(0, 0) : stops.get(0).point();
			startFrom = "FIRST_VISIT";
		}
		GeoPoint end = places.end().map(RouteService::point).orElse(start);
		Map<String, CoverageEntry> suggested = new HashMap<>();
		if (suggesting.count() > 0) {
			suggestionStops(rep, date, zone, day, start, stops, suggesting, suggested, pointOf);
		}
		int dayStart = this.properties.dayStart().toSecondOfDay();
		ZonedDateTime now = this.clock.instant().atZone(zone);
		if (now.toLocalDate().equals(date)) {
			dayStart = Math.max(dayStart, now.toLocalTime().toSecondOfDay());
		}
		RoutePlan plan = this.solver
			.solve(new RouteProblem(start, start, dayStart, this.properties.dayEnd().toSecondOfDay(), stops,
					suggesting.count(), this.properties.suggestions().withinMetres()));
		List<DayRoute.Stop> ordered = new ArrayList<>();
		List<GeoPoint> linkPoints = new ArrayList<>();
		if (!fromHere) {
			linkPoints.add(start);
		}
		for (RoutePlan.Visit stop : plan.order()) {
			GeoPoint point = pointOf.get(stop.id());
			linkPoints.add(point);
			CoverageEntry suggestion = suggested.get(stop.id());
			if (suggestion != null) {
				ordered.add(new DayRoute.Stop(null, suggestion.companyId(), suggestion.title(), point.latitude(),
						point.longitude(), time(stop.arrival()), time(stop.start()), time(stop.departure()), null,
						false, Math.round(stop.legMetres() / 100) / 10.0, Math.round(stop.legSeconds() / 60f),
						YandexLinks.to(point), true, suggestion.status().name()));
				continue;
			}
			Visit visit = byId.get(stop.id());
			ordered.add(new DayRoute.Stop(stop.id(), visit.companyId(), visit.companyTitle(), point.latitude(),
					point.longitude(), time(stop.arrival()), time(stop.start()), time(stop.departure()),
					HH_MM.format(visit.plannedStart().atZone(zone)),
					this.properties.fixedTypes().contains(visit.visitType()), Math.round(stop.legMetres() / 100) / 10.0,
					Math.round(stop.legSeconds() / 60f), YandexLinks.to(point), false, null));
		}
		if (!ordered.isEmpty() && (!fromHere || !end.equals(start))) {
			linkPoints.add(end);
		}
		for (RoutePlan.Unfitted missing : plan.unfitted()) {
			Visit visit = byId.get(missing.id());
			unfitted
				.add(new DayRoute.Unfitted(missing.id(), visit.companyId(), visit.companyTitle(), missing.reason()));
		}
		DayRoute route = new DayRoute(rep, date.toString(), zone.getId(), start.latitude(), start.longitude(),
				end.latitude(), end.longitude(), startFrom, ordered, unfitted, unreadable,
				Math.round(plan.totalMetres() / 100) / 10.0, Math.round(plan.totalTravelSeconds() / 60f),
				time(plan.returnAt()), ordered.isEmpty() ? List.of()
						: YandexLinks.route(linkPoints, fromHere, this.properties.maxLinkPoints()),
				plan.solveMillis());
		return new Planned(route, byId, zone);
	}

	/**
	 * Adds the rep's companies due for a visit (coverage, most urgent first) that lie
	 * near the day's points as optional stops; the solver keeps those near the route that
	 * fit.
	 */
	private void suggestionStops(String rep, LocalDate date, ZoneId zone, List<Visit> day, GeoPoint start,
			List<RouteProblem.Stop> stops, Suggesting suggesting, Map<String, CoverageEntry> suggested,
			Map<String, GeoPoint> pointOf) {
		RouteProperties.Suggestions settings = this.properties.suggestions();
		Set<Long> planned = new HashSet<>();
		day.forEach((visit) -> planned.add(visit.companyId()));
		// a cheap box around the day's points; the solver measures the distance to the
		// route's legs
		double south = start.latitude();
		double north = start.latitude();
		double west = start.longitude();
		double east = start.longitude();
		for (RouteProblem.Stop stop : stops) {
			south = Math.min(south, stop.point().latitude());
			north = Math.max(north, stop.point().latitude());
			west = Math.min(west, stop.point().longitude());
			east = Math.max(east, stop.point().longitude());
		}
		double marginLat = settings.withinMetres() / 111_320.0;
		double marginLon = marginLat / Math.max(0.1, Math.cos(Math.toRadians(start.latitude())));
		int durationSeconds = this.lifecycle.visitType(settings.visitType())
			.map((type) -> type.defaultDurationMinutes())
			.orElse(30) * 60;
		Map<Long, Position> where = this.positions.within(south - marginLat, west - marginLon, north + marginLat,
				east + marginLon);
		// the most urgent first (coverage's order) among those in the box
		List<CoverageEntry> due = this.coverage.suggestions(List.of(rep), null, zone, Integer.MAX_VALUE)
			.stream()
			.filter((entry) -> where.containsKey(entry.companyId()) && !planned.contains(entry.companyId()))
			.filter((entry) -> suggesting.only() == null || suggesting.only().contains(entry.companyId()))
			.limit(settings.candidates())
			.toList();
		for (CoverageEntry entry : due) {
			Position position = where.get(entry.companyId());
			OpeningHours hours = OpeningHours.parse(this.positions.openingHours(entry.companyId()).orElse(null));
			List<int[]> windows = new ArrayList<>();
			for (int[] open : hours.intervals(date.getDayOfWeek())) {
				int latest = open[1] * 60 - durationSeconds;
				if (latest >= open[0] * 60) {
					windows.add(new int[] { open[0] * 60, latest });
				}
			}
			String id = "company:" + entry.companyId();
			GeoPoint point = new GeoPoint(position.latitude(), position.longitude());
			stops.add(new RouteProblem.Stop(id, point, durationSeconds, windows, false, true, null));
			suggested.put(id, entry);
			pointOf.put(id, point);
		}
	}

	private static GeoPoint point(UserPlaces.Place place) {
		return new GeoPoint(place.latitude(), place.longitude());
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

	/** Which suggestions to offer: how many at most, and only these companies if set. */
	private record Suggesting(int count, Set<Long> only) {

		static final Suggesting NONE = new Suggesting(0, null);

	}

	private record Planned(DayRoute route, Map<String, Visit> visits, ZoneId zone) {
	}

}
