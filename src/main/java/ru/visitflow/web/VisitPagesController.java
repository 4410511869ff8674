package ru.visitflow.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitDetails;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/**
 * The start page (the caller's visits by stage, links to Tasklist and Cockpit) and a
 * visit's history.
 */
@Controller
class VisitPagesController {

	private final VisitService visits;

	private final UserDirectory users;

	private final LifecycleProperties lifecycle;

	VisitPagesController(VisitService visits, UserDirectory users, LifecycleProperties lifecycle) {
		this.visits = visits;
		this.users = users;
		this.lifecycle = lifecycle;
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/")
	String home(Model model) {
		Actor actor = CurrentActor.get();
		List<Visit> all = this.visits.search(new VisitFilter(null, null, null, null, null), 0, 200, actor).items();
		Map<VisitStage, List<Visit>> byStage = new LinkedHashMap<>();
		Arrays.stream(VisitStage.values())
			.forEach((stage) -> byStage.put(stage, all.stream().filter((v) -> v.stage() == stage).toList()));
		model.addAttribute("byStage", byStage);
		model.addAttribute("actor", actor);
		model.addAttribute("displayName", this.users.displayName(actor.userId()).orElse(actor.userId()));
		model.addAttribute("zone", this.users.timeZoneOf(actor.userId()));
		return "home";
	}

	@GetMapping("/visits/{id}")
	String visit(@PathVariable UUID id, Model model) {
		Actor actor = CurrentActor.get();
		VisitDetails details = this.visits.get(id, actor);
		model.addAttribute("visit", details.visit());
		model.addAttribute("history", details.history());
		model.addAttribute("zone", details.visit().timeZone());
		model.addAttribute("typeName", this.lifecycle.visitType(details.visit().visitType())
			.map((type) -> "en".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage())
					? type.nameEn() : type.name())
			.orElse(details.visit().visitType()));
		return "visit";
	}

}
