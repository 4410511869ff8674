package ru.visitflow.field;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.plan.PlanService;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitStage;

/**
 * The field app's pages, mobile first; the actions on them go through the outbox in
 * {@code field.js}.
 */
@Controller
class FieldPagesController {

	/** The stage tabs, in the order reps work them. */
	static final List<VisitStage> TABS = List.of(VisitStage.IN_WORK, VisitStage.REPEAT_VISIT, VisitStage.DRAFT,
			VisitStage.OVERDUE, VisitStage.COMPLETED);

	private final FieldDays days;

	private final FieldNumbers numbers;

	private final FieldVisits fieldVisits;

	private final FieldCompanies companies;

	private final UserDirectory users;

	private final FieldProperties properties;

	private final PlanService plans;

	FieldPagesController(FieldDays days, FieldNumbers numbers, FieldVisits fieldVisits, FieldCompanies companies,
			UserDirectory users, FieldProperties properties, PlanService plans) {
		this.plans = plans;
		this.days = days;
		this.numbers = numbers;
		this.fieldVisits = fieldVisits;
		this.companies = companies;
		this.users = users;
		this.properties = properties;
	}

	@GetMapping("/field")
	String root(HttpServletRequest request) {
		String query = request.getQueryString();
		return "redirect:/field/" + ((query != null) ? "?" + query : "");
	}

	@GetMapping("/field/")
	String day(@RequestParam(required = false) String rep,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
			@RequestParam(required = false) String view, @RequestParam(required = false) VisitStage stage,
			Model model) {
		Actor actor = CurrentActor.get();
		String subject = common(actor, rep, model);
		LocalDate today = this.days.today(subject);
		String tab = (stage != null) ? "stage" : (date != null) ? "date" : (view != null) ? view : "today";
		List<FieldDays.DayVisit> list;
		LocalDate from = today;
		LocalDate to = today.plusDays(1);
		switch (tab) {
			case "tomorrow" -> {
				from = today.plusDays(1);
				to = today.plusDays(2);
			}
			case "week" -> to = today.plusDays(7);
			case "date" -> {
				from = date;
				to = date.plusDays(1);
			}
			default -> {
			}
		}
		if (stage != null) {
			list = this.days.inStage(subject, stage, actor);
		}
		else {
			list = this.days.between(subject, from, to, null, actor);
		}
		model.addAttribute("tab", tab);
		model.addAttribute("stage", stage);
		model.addAttribute("tabs", TABS);
		model.addAttribute("date", date);
		model.addAttribute("from", from);
		model.addAttribute("to", to.minusDays(1));
		model.addAttribute("today", today);
		model.addAttribute("visits", list);
		model.addAttribute("overdueCount", this.days.inStage(subject, VisitStage.OVERDUE, actor).size());
		model.addAttribute("proposals", this.plans.awaitingProposals(subject, actor));
		return "field/day";
	}

	@GetMapping("/field/calendar")
	String calendar(@RequestParam(required = false) String rep, @RequestParam(required = false) String month,
			Model model) {
		Actor actor = CurrentActor.get();
		String subject = common(actor, rep, model);
		YearMonth shown;
		try {
			shown = (month != null) ? YearMonth.parse(month) : YearMonth.from(this.days.today(subject));
		}
		catch (RuntimeException ex) {
			shown = YearMonth.from(this.days.today(subject));
		}
		Map<LocalDate, Integer> counts = this.days.month(subject, shown, actor);
		List<List<LocalDate>> weeks = new ArrayList<>();
		LocalDate cursor = shown.atDay(1).with(DayOfWeek.MONDAY);
		while (!cursor.isAfter(shown.atEndOfMonth())) {
			List<LocalDate> week = new ArrayList<>();
			for (int i = 0; i < 7; i++) {
				week.add(cursor);
				cursor = cursor.plusDays(1);
			}
			weeks.add(week);
		}
		model.addAttribute("month", shown);
		model.addAttribute("weeks", weeks);
		model.addAttribute("counts", counts);
		model.addAttribute("today", this.days.today(subject));
		return "field/calendar";
	}

	/** A day's visits under the month calendar (the fragment a tap on a day loads). */
	@GetMapping("/field/calendar/day")
	String calendarDay(@RequestParam(required = false) String rep,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date, Model model) {
		Actor actor = CurrentActor.get();
		String subject = common(actor, rep, model);
		model.addAttribute("date", date);
		model.addAttribute("visits", this.days.between(subject, date, date.plusDays(1), null, actor));
		return "field/day-list :: list";
	}

	@GetMapping("/field/visits/{id}")
	String visit(@PathVariable UUID id, Model model) {
		Actor actor = CurrentActor.get();
		FieldDays.VisitCard card = this.days.card(id, actor);
		common(actor, card.visit().repId(), model);
		model.addAttribute("card", card);
		model.addAttribute("v", card.visit());
		model.addAttribute("overdue", this.days.overdue(card.visit()));
		model.addAttribute("typeName", this.days.typeName(card.visit().visitType(), LocaleContextHolder.getLocale()));
		model.addAttribute("outcomes", VisitOutcome.values());
		model.addAttribute("checkIn", card.check(CheckKind.CHECK_IN).orElse(null));
		model.addAttribute("checkOut", card.check(CheckKind.CHECK_OUT).orElse(null));
		Locale locale = LocaleContextHolder.getLocale();
		model.addAttribute("checkInText",
				card.check(CheckKind.CHECK_IN).map((c) -> this.fieldVisits.describe(c, locale)).orElse(null));
		model.addAttribute("checkOutText",
				card.check(CheckKind.CHECK_OUT).map((c) -> this.fieldVisits.describe(c, locale)).orElse(null));
		model.addAttribute("tomorrow", this.days.today(card.visit().repId()).plusDays(1));
		return "field/visit";
	}

	@GetMapping("/field/unplanned")
	String unplanned(@RequestParam(required = false) String q, @RequestParam(required = false) Double latitude,
			@RequestParam(required = false) Double longitude, Model model) {
		Actor actor = CurrentActor.get();
		common(actor, null, model);
		List<FieldCompanies.Pick> found = List.of();
		if (latitude != null && longitude != null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) {
			found = this.companies.nearby(latitude, longitude, 20);
		}
		else if (q != null && !q.isBlank() && q.length() <= 100) {
			found = this.companies.search(q.trim(), 20);
		}
		model.addAttribute("q", q);
		model.addAttribute("found", found);
		model.addAttribute("searched", q != null || latitude != null);
		return "field/unplanned";
	}

	@GetMapping("/field/numbers")
	String numbers(@RequestParam(required = false) String rep,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
		Actor actor = CurrentActor.get();
		String subject = common(actor, rep, model);
		model.addAttribute("n", this.numbers.of(subject, from, to, actor));
		model.addAttribute("setsTargets", actor.isAdmin() || actor.isSupervisor());
		return "field/numbers";
	}

	/**
	 * Monthly targets: a supervisor's team (every rep for an administrator) with the
	 * month's target, done and share on site; the targets are edited in place through
	 * {@code PUT /api/field/targets/{repId}/{month}}.
	 */
	@GetMapping("/field/targets")
	String targets(@RequestParam(required = false) String month, Model model) {
		Actor actor = CurrentActor.get();
		common(actor, null, model);
		YearMonth shown = FieldApiController.month(month, YearMonth.from(this.days.today(actor.userId())));
		model.addAttribute("month", shown);
		model.addAttribute("rows", this.numbers.targets(shown, actor));
		return "field/targets";
	}

	/**
	 * A fresh CSRF token for the outbox before it sends queued actions (the page it came
	 * from may be old).
	 */
	@GetMapping("/field/csrf")
	@ResponseBody
	Map<String, String> csrf(CsrfToken token) {
		return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
	}

	private String common(Actor actor, String rep, Model model) {
		String subject = this.days.subject(actor, rep);
		ZoneId zone = this.days.zoneOf(subject);
		model.addAttribute("subject", subject);
		model.addAttribute("subjectName", this.users.displayName(subject).orElse(subject));
		model.addAttribute("readOnly", !subject.equals(actor.userId()));
		model.addAttribute("repParam", subject.equals(actor.userId()) ? null : subject);
		model.addAttribute("zone", zone);
		model.addAttribute("days", this.days);
		model.addAttribute("radius", this.properties.onSiteRadiusMeters());
		model.addAttribute("team", actor.isSupervisor() ? this.users.teamOf(actor.userId()) : List.of());
		return subject;
	}

}
