package ru.visitflow.plan;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.coverage.CoverageEntry;
import ru.visitflow.identity.CurrentActor;

@RestController
@RequestMapping("/api/plans")
@Tag(name = "Plans", description = "Plans of visits: forming requests, one control step for the set, progress")
class PlanController {

	private final PlanService plans;

	private final PlanProcess process;

	PlanController(PlanService plans, PlanProcess process) {
		this.plans = plans;
		this.process = process;
	}

	@Schema(example = """
			{"scope": "REP", "repId": "rep1", "month": "2027-01", "target": 40, "mix": {"meeting": 30, "training": 10},
			 "formedBy": "HEAD"}""")
	record CreatePlan(PlanScope scope, String repId, String region, String month, String periodStart, String periodEnd,
			Integer target, Map<String, Integer> mix, PlanFormer formedBy) {
	}

	@Schema(example = """
			{"companyId": 101, "visitType": "meeting", "plannedStart": "2027-01-12T10:00",
			 "purpose": "Present the winter assortment"}""")
	record CreateRequest(Long companyId, @Size(max = 255) String companyTitle, String repId, String visitType,
			String plannedStart, @Size(max = 2000) String purpose, String region) {
	}

	@Schema(example = """
			{"decision": "APPROVE_SOME", "approvedRequestIds": ["3f2b8c1e-6a47-4c1e-9d2a-0b5e7f1c2a90"],
			 "comment": "Move the rest to February"}""")
	record Review(ReviewDecision decision, List<UUID> approvedRequestIds, @Size(max = 2000) String comment) {
	}

	@Schema(example = """
			{"note": "Two extra visits a week until the 20th"}""")
	record CatchUp(@Size(max = 2000) String note) {
	}

	@Schema(example = """
			{"reason": "The rep is on sick leave until the end of the month"}""")
	record Cancel(@Size(max = 2000) String reason) {
	}

	record PlanResponse(Plan plan, String waitingTask, List<PlanRequest> requests, PlanProgress progress,
			PlanService.Cancellation cancellation) {
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a plan", description = "Supervisors only, for their team. Starts the plan process: "
			+ "the requests are formed by the head or, for a one-rep plan with formedBy REP, by the rep.")
	ResponseEntity<PlanResponse> create(@RequestBody CreatePlan request) {
		Plan plan = this.plans.create(new NewPlan(request.scope(), request.repId(), request.region(), request.month(),
				request.periodStart(), request.periodEnd(), request.target(), request.mix(), request.formedBy()),
				CurrentActor.get());
		return ResponseEntity.created(URI.create("/api/plans/" + plan.id())).body(get(plan.id()));
	}

	@GetMapping
	@Operation(summary = "Plans the caller may see", description = "Overlapping the period when from/to are given.")
	List<Plan> list(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		return this.plans.list(CurrentActor.get(), from, to);
	}

	@GetMapping("/{id}")
	@Operation(summary = "A plan with its requests and progress")
	PlanResponse get(@PathVariable UUID id) {
		PlanDetails details = this.plans.get(id, CurrentActor.get());
		return new PlanResponse(details.plan(), this.process.waitingTask(id), details.requests(), details.progress(),
				this.plans.cancellation(id).orElse(null));
	}

	@GetMapping("/{id}/suggestions")
	@Operation(summary = "Companies to visit for this plan",
			description = "Never visited, overdue and due by cadence, " + "with none planned.")
	List<CoverageEntry> suggestions(@PathVariable UUID id) {
		return this.plans.suggestions(id, CurrentActor.get());
	}

	@PostMapping("/{id}/requests")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Propose a visit for the plan", description = "While the plan is being formed; by the head, "
			+ "or by the rep when the plan was handed to them. The date must lie in the plan's period.")
	ResponseEntity<PlanRequest> addRequest(@PathVariable UUID id, @Valid @RequestBody CreateRequest request) {
		PlanRequest created = this.plans.addRequest(
				id, new NewPlanRequest(request.companyId(), request.companyTitle(), request.repId(),
						request.visitType(), request.plannedStart(), request.purpose(), request.region()),
				CurrentActor.get());
		return ResponseEntity.created(URI.create("/api/plans/" + id + "/requests/" + created.id())).body(created);
	}

	@DeleteMapping("/{id}/requests/{requestId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Withdraw a request while the plan is being formed")
	ResponseEntity<Void> withdraw(@PathVariable UUID id, @PathVariable UUID requestId) {
		this.plans.withdrawRequest(id, requestId, CurrentActor.get());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/submit")
	@Operation(summary = "Hand the formed set to the control step")
	PlanResponse submit(@PathVariable UUID id) {
		this.plans.submit(id, CurrentActor.get());
		return get(id);
	}

	@PostMapping("/{id}/review")
	@Operation(summary = "The control step", description = "One decision for the set: APPROVE_ALL, APPROVE_SOME "
			+ "(approvedRequestIds; the rest go back with the comment) or SEND_BACK (with a comment).")
	PlanResponse review(@PathVariable UUID id, @Valid @RequestBody Review request) {
		this.plans.review(id, request.decision(), request.approvedRequestIds(), request.comment(), CurrentActor.get());
		return get(id);
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel the plan",
			description = "A supervisor who manages the plan ends its process from whatever it waits for: open tasks, "
					+ "timers and the Bitrix24 notification go, requests not yet turned into visits are DROPPED, "
					+ "visits already created stay. 409 when the plan is already closed or cancelled.")
	PlanResponse cancel(@PathVariable UUID id, @Valid @RequestBody(required = false) Cancel request) {
		this.plans.cancel(id, (request != null) ? request.reason() : null, CurrentActor.get());
		return get(id);
	}

	@PostMapping("/{id}/catch-up")
	@Operation(summary = "Close the catch-up task after a pace check found the plan behind")
	PlanResponse catchUp(@PathVariable UUID id, @Valid @RequestBody CatchUp request) {
		this.plans.catchUp(id, request.note(), CurrentActor.get());
		return get(id);
	}

}
