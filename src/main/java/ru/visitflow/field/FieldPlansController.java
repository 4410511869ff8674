package ru.visitflow.field;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import ru.visitflow.coverage.CoverageEntry;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.plan.PlanDetails;
import ru.visitflow.plan.PlanRequest;
import ru.visitflow.plan.PlanService;
import ru.visitflow.plan.PlanStatus;
import ru.visitflow.system.ForbiddenException;

/**
 * "Propose visits for the plan": a plan handed to the rep to propose visits, in the field
 * app. The screen reads the plan through {@link PlanService}; its actions are the plan
 * API's ({@code POST /api/plans/{id}/requests}, {@code DELETE .../requests/{requestId}},
 * {@code POST /api/plans/{id}/submit}) sent through the outbox, so handing the set in
 * completes the rep's task exactly as the Tasklist form does.
 */
@Controller
class FieldPlansController {

	private final PlanService plans;

	private final FieldDays days;

	private final UserDirectory users;

	private final FieldProperties properties;

	FieldPlansController(PlanService plans, FieldDays days, UserDirectory users, FieldProperties properties) {
		this.plans = plans;
		this.days = days;
		this.users = users;
		this.properties = properties;
	}

	@GetMapping("/field/plans/{id}")
	String propose(@PathVariable UUID id, Model model) {
		Actor actor = CurrentActor.get();
		PlanDetails details = this.plans.get(id, actor);
		String rep = details.plan().repId();
		if (rep == null) {
			throw new ForbiddenException("Only a plan for one rep is proposed in the field app");
		}
		String subject = this.days.subject(actor, rep);
		boolean forming = details.plan().status() == PlanStatus.FORMING;
		boolean mine = subject.equals(actor.userId());
		LocalDate today = this.days.today(subject);
		LocalDate first = details.plan().periodStart().isAfter(today) ? details.plan().periodStart() : today;
		LocalDate suggested = first.equals(today) ? today.plusDays(1) : first;
		if (suggested.isAfter(details.plan().periodEnd())) {
			suggested = details.plan().periodEnd();
		}
		List<PlanRequest> open = details.requests().stream().filter((r) -> r.status().isPending()).toList();
		Set<Long> requested = open.stream().map(PlanRequest::companyId).collect(Collectors.toSet());
		List<CoverageEntry> suggestions = forming ? this.plans.suggestions(id, actor)
			.stream()
			.filter((e) -> e.status().needsVisit() && !requested.contains(e.companyId()))
			.toList() : List.of();
		model.addAttribute("subject", subject);
		model.addAttribute("subjectName", this.users.displayName(subject).orElse(subject));
		model.addAttribute("readOnly", !mine);
		model.addAttribute("repParam", mine ? null : subject);
		model.addAttribute("zone", this.days.zoneOf(subject));
		model.addAttribute("days", this.days);
		model.addAttribute("radius", this.properties.onSiteRadiusMeters());
		model.addAttribute("team", actor.isSupervisor() ? this.users.teamOf(actor.userId()) : List.of());
		model.addAttribute("p", details.plan());
		model.addAttribute("progress", details.progress());
		model.addAttribute("requests", details.requests());
		model.addAttribute("openCount", open.size());
		model.addAttribute("forming", forming);
		model.addAttribute("suggestions", suggestions);
		model.addAttribute("firstDay", first);
		model.addAttribute("suggestedDay", suggested);
		model.addAttribute("types", this.days.visitTypes());
		return "field/plan";
	}

}
