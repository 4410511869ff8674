package ru.visitflow.field;

import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.route.DayRoute;
import ru.visitflow.route.RouteService;

/**
 * The field app's route page: the day's visits in the route service's order from the
 * current position (when the phone gives it) or the rep's start point, optionally with
 * suggestions (companies due for a visit near the route); the rep applies the order and
 * keeps the suggestions they tick, a supervisor only reads it.
 */
@Controller
class FieldRouteController {

	private final RouteService routes;

	private final FieldDays days;

	private final UserDirectory users;

	FieldRouteController(RouteService routes, FieldDays days, UserDirectory users) {
		this.routes = routes;
		this.days = days;
		this.users = users;
	}

	@GetMapping("/field/route")
	String route(@RequestParam(required = false) String rep,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
			@RequestParam(required = false) Double lat, @RequestParam(required = false) Double lon,
			@RequestParam(defaultValue = "false") boolean suggestions, Model model) {
		Actor actor = CurrentActor.get();
		String subject = this.days.subject(actor, rep);
		LocalDate day = (date != null) ? date : this.days.today(subject);
		boolean here = lat != null && lon != null;
		DayRoute route = this.routes.day(subject, day, here ? lat : null, here ? lon : null, here, suggestions, null,
				actor);
		model.addAttribute("suggestions", suggestions);
		boolean readOnly = !subject.equals(actor.userId());
		model.addAttribute("route", route);
		model.addAttribute("day", day);
		model.addAttribute("here", here);
		model.addAttribute("lat", here ? lat : null);
		model.addAttribute("lon", here ? lon : null);
		model.addAttribute("subject", subject);
		model.addAttribute("subjectName", this.users.displayName(subject).orElse(subject));
		model.addAttribute("readOnly", readOnly);
		model.addAttribute("repParam", readOnly ? subject : null);
		model.addAttribute("team", actor.isSupervisor() ? this.users.teamOf(actor.userId()) : List.of());
		return "field/route";
	}

	/**
	 * Applies the order to the rep's own day (a supervisor's view has no such button, and
	 * no rep parameter).
	 */
	@PostMapping("/field/route/apply")
	String apply(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
			@RequestParam(required = false) Double lat, @RequestParam(required = false) Double lon,
			@RequestParam(required = false) List<Long> keep, RedirectAttributes redirect) {
		Actor actor = CurrentActor.get();
		LocalDate day = (date != null) ? date : this.days.today(actor.userId());
		boolean here = lat != null && lon != null;
		this.routes.apply(actor.userId(), day, here ? lat : null, here ? lon : null, keep, actor);
		redirect.addAttribute("date", day.toString());
		if (here) {
			redirect.addAttribute("lat", lat);
			redirect.addAttribute("lon", lon);
		}
		redirect.addAttribute("applied", "1");
		return "redirect:/field/route";
	}

}
