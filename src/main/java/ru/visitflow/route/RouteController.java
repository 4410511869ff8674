package ru.visitflow.route;

import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.identity.CurrentActor;

/**
 * Day routes over HTTP: the optimised order (optionally with suggestions), applying it,
 * and the old start-point endpoint as an alias of the profile's office.
 */
@RestController
@RequestMapping("/api/routes")
@Tag(name = "Routes", description = "A rep's day in the best order, with a Yandex.Maps link")
class RouteController {

	private final RouteService routes;

	RouteController(RouteService routes) {
		this.routes = routes;
	}

	@GetMapping("/day")
	@Operation(summary = "The day's visits in the best order",
			description = "From the current position "
					+ "(startLatitude/startLongitude) or the rep's start point; opening hours, durations and fixed "
					+ "appointments respected; what does not fit is listed with the reason")
	DayRoute day(@RequestParam(required = false) String rep,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
			@RequestParam(required = false) Double startLatitude, @RequestParam(required = false) Double startLongitude,
			@RequestParam(defaultValue = "false") boolean fromHere,
			@Parameter(
					description = "add companies due for a visit (coverage cadence) near the route where they fit") @RequestParam(
							defaultValue = "false") boolean suggestions,
			@Parameter(description = "at most this many suggestions (default and maximum configured)") @RequestParam(
					required = false) Integer maxSuggestions) {
		return this.routes.day(rep, date, startLatitude, startLongitude, fromHere, suggestions, maxSuggestions,
				CurrentActor.get());
	}

	@PostMapping("/day/apply")
	@Operation(summary = "Apply the order", description = "Moves the visits that are not fixed to their times in "
			+ "the route (and so their Bitrix24 calendar events), and plans the kept suggestions")
	DayRoute apply(@RequestParam(required = false) String rep,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
			@RequestParam(required = false) Double startLatitude, @RequestParam(required = false) Double startLongitude,
			@Parameter(description = "company ids of the suggestions to keep: a visit (origin ROUTE) is planned for "
					+ "each that still fits") @RequestParam(required = false) List<Long> keep) {
		return this.routes.apply(rep, date, startLatitude, startLongitude, keep, CurrentActor.get());
	}

	@PutMapping("/start-point")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Set my office (an alias of the profile's places)",
			description = "Kept for older clients: sets the office in the caller's profile "
					+ "(PUT /api/users/{userId}/profile/places sets office, home and route start and end)")
	ResponseEntity<Void> startPoint(@RequestBody StartPointRequest request) {
		this.routes.saveStartPoint(request.latitude(), request.longitude(), request.label(), CurrentActor.get());
		return ResponseEntity.noContent().build();
	}

	@Schema(example = """
			{"latitude": 55.7512, "longitude": 37.6184, "label": "Office"}""")
	record StartPointRequest(Double latitude, Double longitude, String label) {
	}

}
