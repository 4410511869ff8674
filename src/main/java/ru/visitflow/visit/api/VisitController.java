package ru.visitflow.visit.api;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitDetails;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitPage;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.VisitTimes;

@RestController
@RequestMapping("/api")
@Tag(name = "Visits", description = "Plan, list and work visits; every change runs through the visit lifecycle")
class VisitController {

	private final VisitService visits;

	private final UserDirectory users;

	private final LifecycleProperties properties;

	VisitController(VisitService visits, UserDirectory users, LifecycleProperties properties) {
		this.visits = visits;
		this.users = users;
		this.properties = properties;
	}

	@PostMapping("/visits")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Plan a visit",
			description = "Starts its lifecycle in Draft, or In work when the date is near. "
					+ "Visits with origin PLAN wait for a supervisor's review first.")
	ResponseEntity<VisitResponse> create(@Valid @RequestBody VisitRequests.CreateVisit request) {
		Visit visit = this.visits.create(new NewVisit(request.companyId(), request.companyTitle(), request.contactId(),
				request.repId(), request.visitType(), request.plannedStart(), request.durationMinutes(),
				request.purpose(), request.region(), request.origin()), CurrentActor.get());
		return ResponseEntity.created(URI.create("/api/visits/" + visit.id())).body(VisitResponse.of(visit));
	}

	@PostMapping("/visits/unplanned")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Register an unplanned visit",
			description = "A visit happening now; with a result it is " + "completed at once.")
	ResponseEntity<VisitResponse> registerUnplanned(@Valid @RequestBody VisitRequests.UnplannedVisit request) {
		Actor actor = CurrentActor.get();
		VisitResult result = (request.result() != null) ? toResult(request.result(), request.repId(), actor) : null;
		Visit visit = this.visits.registerUnplanned(new NewVisit(request.companyId(), request.companyTitle(),
				request.contactId(), request.repId(), request.visitType(), null, request.durationMinutes(),
				request.purpose(), request.region(), VisitOrigin.UNPLANNED), result, actor);
		return ResponseEntity.created(URI.create("/api/visits/" + visit.id())).body(VisitResponse.of(visit));
	}

	@GetMapping("/visits/{id}")
	@Operation(summary = "A visit with its stage history")
	VisitResponse get(@PathVariable UUID id) {
		VisitDetails details = this.visits.get(id, CurrentActor.get());
		return VisitResponse.of(details.visit(), details.history());
	}

	@GetMapping("/visits")
	@Operation(summary = "List visits", description = "Only visits the caller may see. The period is on the planned "
			+ "date, both ends inclusive, in the caller's time zone.")
	VisitListResponse list(@RequestParam(required = false) String repId,
			@RequestParam(required = false) VisitStage stage, @RequestParam(required = false) Long companyId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		Actor actor = CurrentActor.get();
		ZoneId zone = this.users.timeZoneOf(actor.userId());
		VisitPage result = this.visits.search(
				new VisitFilter(repId, stage, companyId, (from != null) ? from.atStartOfDay(zone).toInstant() : null,
						(to != null) ? to.plusDays(1).atStartOfDay(zone).toInstant() : null),
				page, size, actor);
		return new VisitListResponse(result.items().stream().map(VisitResponse::of).toList(), result.page(),
				result.size(), result.total());
	}

	@PostMapping("/visits/{id}/reschedule")
	@Operation(summary = "Move a visit to a new date",
			description = "From any open stage; the stage and its timers " + "are planned again from the new date.")
	VisitResponse reschedule(@PathVariable UUID id, @Valid @RequestBody VisitRequests.Reschedule request) {
		return VisitResponse.of(this.visits.reschedule(id, request.plannedStart(), CurrentActor.get()));
	}

	@PostMapping("/visits/{id}/cancel")
	@Operation(summary = "Cancel a visit", description = "From any open stage, with a reason.")
	VisitResponse cancel(@PathVariable UUID id, @Valid @RequestBody VisitRequests.Cancel request) {
		return VisitResponse.of(this.visits.cancel(id, request.reason(), CurrentActor.get()));
	}

	@PostMapping("/visits/{id}/complete")
	@Operation(summary = "Record the result of a visit",
			description = "In work or overdue; a next visit date " + "schedules a repeat visit.")
	VisitResponse complete(@PathVariable UUID id, @Valid @RequestBody VisitRequests.Result request) {
		Actor actor = CurrentActor.get();
		Visit visit = this.visits.get(id, actor).visit();
		return VisitResponse.of(this.visits.complete(id, toResult(request, visit.repId(), actor), actor));
	}

	@GetMapping("/visit-types")
	@Operation(summary = "The visit types that can be planned")
	List<LifecycleProperties.VisitType> visitTypes() {
		return this.properties.visitTypes();
	}

	private VisitResult toResult(VisitRequests.Result request, String repId, Actor actor) {
		ZoneId zone = this.users.timeZoneOf((repId != null) ? repId : actor.userId());
		return this.visits.readResult((request.outcome() != null) ? request.outcome().name() : null, request.notes(),
				VisitTimes.isGiven(request.nextVisitStart()) ? request.nextVisitStart() : null, request.nextVisitType(),
				request.nextVisitPurpose(), zone);
	}

	record VisitListResponse(List<VisitResponse> items, int page, int size, long total) {
	}

}
