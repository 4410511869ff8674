package ru.visitflow.map;

import java.util.List;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.VisitAccess;
import ru.visitflow.visit.VisitStage;

/** The map page; markers come from the marker API as the viewport moves. */
@Controller
class MapPageController {

	private final MapService map;

	private final MapProperties properties;

	private final LifecycleProperties lifecycle;

	private final VisitAccess access;

	private final UserDirectory users;

	MapPageController(MapService map, MapProperties properties, LifecycleProperties lifecycle, VisitAccess access,
			UserDirectory users) {
		this.map = map;
		this.properties = properties;
		this.lifecycle = lifecycle;
		this.access = access;
		this.users = users;
	}

	@GetMapping("/map")
	String map(Model model) {
		Actor actor = CurrentActor.get();
		boolean english = "en".equals(LocaleContextHolder.getLocale().getLanguage());
		model.addAttribute("settings", this.properties);
		model.addAttribute("supervisor", actor.isSupervisor() || actor.isAdmin());
		model.addAttribute("visitTypes",
				this.lifecycle.visitTypes()
					.stream()
					.map((type) -> new Option(type.code(), english ? type.nameEn() : type.name()))
					.toList());
		// the rep filter (and the route's rep) for administrators (every rep) and
		// supervisors (their team); a rep sees only their own territory and needs none
		List<String> visible = this.access.visibleReps(actor);
		List<String> reps = (visible == null) ? this.users.reps()
				: (actor.isSupervisor() ? visible.stream().filter(this.users::isRep).toList() : List.of());
		model.addAttribute("reps",
				reps.stream().map((rep) -> new Option(rep, this.users.displayName(rep).orElse(rep))).toList());
		model.addAttribute("regions", this.map.regions(actor));
		model.addAttribute("extent", this.map.extent(actor));
		model.addAttribute("stages", List.of(VisitStage.values()));
		model.addAttribute("colours", List.of(MarkerColour.values()));
		return "map/map";
	}

	record Option(String value, String label) {
	}

}
