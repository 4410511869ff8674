package ru.visitflow.plan;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.InvalidInputException;

/**
 * Plans as pages: the list with a form for supervisors to set one, and a plan with its
 * requests and progress.
 */
@Controller
class PlanPagesController {

	private final PlanService plans;

	private final PlanProcess process;

	private final UserDirectory users;

	PlanPagesController(PlanService plans, PlanProcess process, UserDirectory users) {
		this.plans = plans;
		this.process = process;
		this.users = users;
	}

	@GetMapping("/plans")
	String list(Model model) {
		Actor actor = CurrentActor.get();
		model.addAttribute("plans", this.plans.list(actor, null, null));
		model.addAttribute("team", this.users.teamOf(actor.userId()));
		model.addAttribute("mayCreate", actor.isSupervisor() || actor.isAdmin());
		return "plan/list";
	}

	@PostMapping("/plans")
	String create(@RequestParam(required = false) String repId, @RequestParam(required = false) String month,
			@RequestParam(required = false) Integer target, @RequestParam(defaultValue = "HEAD") PlanFormer formedBy,
			Model model) {
		try {
			Plan plan = this.plans.create(
					new NewPlan((repId == null || repId.isBlank()) ? PlanScope.TEAM : PlanScope.REP, repId, null,
							(month == null || month.isBlank()) ? null : month, null, null, target, Map.of(), formedBy),
					CurrentActor.get());
			return "redirect:/plans/" + plan.id();
		}
		catch (InvalidInputException ex) {
			model.addAttribute("errors", ex.problems());
			return list(model);
		}
	}

	@PostMapping("/plans/{id}/cancel")
	String cancel(@PathVariable UUID id, @RequestParam(required = false) String reason) {
		this.plans.cancel(id, reason, CurrentActor.get());
		return "redirect:/plans/" + id;
	}

	@GetMapping("/plans/{id}")
	String plan(@PathVariable UUID id, Model model) {
		Actor actor = CurrentActor.get();
		PlanDetails details = this.plans.get(id, actor);
		model.addAttribute("plan", details.plan());
		model.addAttribute("requests", details.requests());
		model.addAttribute("progress", details.progress());
		model.addAttribute("waitingTask", this.process.waitingTask(id));
		model.addAttribute("cancellation", this.plans.cancellation(id).orElse(null));
		model.addAttribute("mayCancel",
				(details.plan().status() != PlanStatus.CLOSED && details.plan().status() != PlanStatus.CANCELLED)
						&& (actor.isSupervisor() || actor.isAdmin()));
		model.addAttribute("suggestions",
				(details.plan().status() == PlanStatus.FORMING) ? this.plans.suggestions(id, actor) : List.of());
		return "plan/plan";
	}

}
