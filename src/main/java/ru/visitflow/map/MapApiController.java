package ru.visitflow.map;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.geo.CompanyPositions;
import ru.visitflow.geo.GeocodingProgress;
import ru.visitflow.geo.GeocodingQueue;
import ru.visitflow.geo.LocationProposal;
import ru.visitflow.geo.Position;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitStage;

/**
 * The map's JSON: markers by viewport, the popup, planning from it, pins, proposals,
 * geocoding progress.
 */
@RestController
@RequestMapping("/api/map")
@Tag(name = "Map", description = "Companies on the map, their positions and location proposals")
class MapApiController {

	private final MapService map;

	private final CompanyPositions positions;

	private final GeocodingQueue geocoding;

	MapApiController(MapService map, CompanyPositions positions, GeocodingQueue geocoding) {
		this.map = map;
		this.positions = positions;
		this.geocoding = geocoding;
	}

	@GetMapping("/markers")
	@Operation(summary = "Markers in a viewport", description = "bbox is west,south,east,north; below the cluster "
			+ "zoom nearby companies come as clusters [lat, lon, count, colour], single ones as [id, lat, lon, colour]. "
			+ "Colours: 0 never visited, 1 recent, 2 older, 3 stale completed visit, 4 planned, 5 overdue.")
	MarkerIndex.Markers markers(@RequestParam(required = false) String bbox,
			@RequestParam(required = false) Integer zoom, @RequestParam(required = false) String rep,
			@RequestParam(required = false) String region, @RequestParam(required = false) String visitType,
			@RequestParam(required = false) VisitStage stage, @RequestParam(required = false) MarkerColour lastVisit) {
		return this.map.markers(bbox, zoom, rep, region, visitType, stage, lastVisit, CurrentActor.get());
	}

	@GetMapping("/companies/{id}")
	@Operation(summary = "A company's popup: fields, position and source, last and next visit, Bitrix24 card link")
	MapService.CompanyDetails company(@PathVariable long id) {
		return this.map.details(id, CurrentActor.get());
	}

	@PostMapping("/companies/{id}/visits")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Plan a visit from the map", description = "As POST /api/visits, with origin MAP")
	ResponseEntity<Map<String, Object>> planVisit(@PathVariable long id,
			@RequestBody MapService.PlanVisitRequest request) {
		Visit visit = this.map.planVisit(id, request, CurrentActor.get());
		return ResponseEntity.created(URI.create("/api/visits/" + visit.id()))
			.body(Map.of("id", visit.id().toString(), "stage", visit.stage().name(), "plannedStart",
					visit.plannedStart().toString()));
	}

	@PutMapping("/companies/{id}/position")
	@Operation(summary = "Move a company's pin (supervisors)",
			description = "Kept as MANUAL and written back to " + "the Bitrix24 coordinates field")
	Position move(@PathVariable long id, @RequestBody PositionRequest request) {
		return this.positions.move(id, request.latitude(), request.longitude(), CurrentActor.get());
	}

	@PutMapping("/companies/{id}/opening-hours")
	@Operation(summary = "Set a company's opening hours as written on the card", description = "In Russian as "
			+ "reps write them (weekdays, hours, lunch break, days off); day routes read them")
	Map<String, String> openingHours(@PathVariable long id, @RequestBody Map<String, String> request) {
		this.map.visibleCompany(id, CurrentActor.get());
		this.positions.saveOpeningHours(id, request.get("openingHours"), CurrentActor.get());
		return Map.of("openingHours", request.get("openingHours").trim());
	}

	@GetMapping("/proposals")
	@Operation(summary = "Pending location proposals from check-ins (supervisors: their team's)")
	List<LocationProposal> proposals() {
		return this.positions.pending(CurrentActor.get());
	}

	@PostMapping("/proposals/{id}/approve")
	@Operation(summary = "Approve a proposal (supervisors)",
			description = "The company's position becomes it " + "(source CHECK_IN) and is written back to Bitrix24")
	Position approve(@PathVariable long id) {
		return this.positions.approve(id, CurrentActor.get());
	}

	@PostMapping("/proposals/{id}/reject")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Reject a proposal (supervisors)")
	ResponseEntity<Void> reject(@PathVariable long id) {
		this.positions.reject(id, CurrentActor.get());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/geocoding")
	@Operation(summary = "Geocoding progress: N of M, failures with their reasons")
	GeocodingProgress geocoding() {
		return this.geocoding.progress();
	}

	@PostMapping("/geocoding")
	@Operation(summary = "Queue companies without coordinates for geocoding (supervisors, administrators)")
	GeocodingProgress startGeocoding() {
		Actor actor = CurrentActor.get();
		if (!actor.isSupervisor() && !actor.isAdmin()) {
			throw new ForbiddenException("Only supervisors start geocoding");
		}
		this.geocoding.enqueueMissing();
		return this.geocoding.progress();
	}

	@Schema(example = """
			{"latitude": 55.7558, "longitude": 37.6173}""")
	record PositionRequest(Double latitude, Double longitude) {
	}

}
