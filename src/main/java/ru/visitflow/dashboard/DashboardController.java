package ru.visitflow.dashboard;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.visit.LifecycleProperties;

/** The dashboards page, its tables as JSON for apps, and every table as CSV or XLSX. */
@Controller
class DashboardController {

	/** At most this many check-ins behind one number. */
	private static final int CHECK_VISITS_LIMIT = 500;

	private final DashboardService dashboards;

	private final UserDirectory users;

	private final LifecycleProperties lifecycle;

	private final DashboardProperties properties;

	private final ObjectMapper json;

	DashboardController(DashboardService dashboards, UserDirectory users, LifecycleProperties lifecycle,
			DashboardProperties properties, ObjectMapper json) {
		this.json = json;
		this.dashboards = dashboards;
		this.users = users;
		this.lifecycle = lifecycle;
		this.properties = properties;
	}

	@GetMapping({ "/dashboards", "/dashboard" })
	String page(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String region, @RequestParam(required = false) String repId,
			@RequestParam(required = false) String visitType, Model model) {
		Actor actor = headOnly();
		DashboardFilter filter = this.dashboards.resolve(new DashboardFilter(from, to, region, repId, visitType),
				actor);
		Map<String, Table> tables = new LinkedHashMap<>();
		for (String name : DashboardService.TABLES) {
			tables.put(name, this.dashboards.table(name, filter, actor));
		}
		model.addAttribute("filter", filter);
		model.addAttribute("tables", tables);
		model.addAttribute("visitTypes", this.lifecycle.visitTypes());
		model.addAttribute("team", this.users.teamOf(actor.userId()));
		model.addAttribute("conversionDays", this.properties.conversionDays());
		model.addAttribute("query", query(filter));
		model.addAttribute("grades", DashboardService.GRADES);
		return "dashboard/index";
	}

	@GetMapping("/api/dashboards/{table}")
	@ResponseBody
	Table json(@PathVariable String table,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String region, @RequestParam(required = false) String repId,
			@RequestParam(required = false) String visitType) {
		return this.dashboards.table(table, new DashboardFilter(from, to, region, repId, visitType),
				CurrentActor.get());
	}

	/**
	 * The check-ins behind a number of the check-in quality table (one grade, or only the
	 * flagged ones), as JSON or, with {@code format=csv}, CSV.
	 */
	@GetMapping("/api/dashboards/checks/visits")
	void checkVisits(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String region, @RequestParam(required = false) String repId,
			@RequestParam(required = false) String visitType, @RequestParam(required = false) String grade,
			@RequestParam(defaultValue = "false") boolean flagged, @RequestParam(defaultValue = "json") String format,
			HttpServletResponse response) throws IOException {
		Table data = this.dashboards.checkVisits(new DashboardFilter(from, to, region, repId, visitType), grade,
				flagged, headOnly(), CHECK_VISITS_LIMIT);
		if ("csv".equals(format)) {
			response.setContentType("text/csv; charset=UTF-8");
			response.setHeader("Content-Disposition", "attachment; filename=\"check-ins.csv\"");
			TableWriter.csv(data, response.getOutputStream());
		}
		else {
			response.setContentType("application/json");
			this.json.writeValue(response.getOutputStream(), data);
		}
	}

	/**
	 * The completed visits behind a row of the effect table, with their companies' sales
	 * before and after them, as JSON or, with {@code format=csv}, CSV.
	 */
	@GetMapping("/api/dashboards/effect/visits")
	void effectVisits(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String region, @RequestParam(required = false) String repId,
			@RequestParam(required = false) String visitType, @RequestParam(defaultValue = "json") String format,
			HttpServletResponse response) throws IOException {
		Table data = this.dashboards.effectVisits(new DashboardFilter(from, to, region, repId, visitType), headOnly(),
				CHECK_VISITS_LIMIT);
		if ("csv".equals(format)) {
			response.setContentType("text/csv; charset=UTF-8");
			response.setHeader("Content-Disposition", "attachment; filename=\"effect-visits.csv\"");
			TableWriter.csv(data, response.getOutputStream());
		}
		else {
			response.setContentType("application/json");
			this.json.writeValue(response.getOutputStream(), data);
		}
	}

	@GetMapping("/dashboards/export/{table}.{format}")
	void export(@PathVariable String table, @PathVariable String format,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(required = false) String region, @RequestParam(required = false) String repId,
			@RequestParam(required = false) String visitType, HttpServletResponse response) throws IOException {
		Actor actor = headOnly();
		Table data = this.dashboards.table(table, new DashboardFilter(from, to, region, repId, visitType), actor);
		if ("xlsx".equals(format)) {
			response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
			response.setHeader("Content-Disposition", "attachment; filename=\"" + table + ".xlsx\"");
			TableWriter.xlsx(data, response.getOutputStream());
		}
		else {
			response.setContentType("text/csv; charset=UTF-8");
			response.setHeader("Content-Disposition", "attachment; filename=\"" + table + ".csv\"");
			TableWriter.csv(data, response.getOutputStream());
		}
	}

	private static Actor headOnly() {
		Actor actor = CurrentActor.get();
		if (!actor.isSupervisor() && !actor.isAdmin()) {
			throw new ForbiddenException("Dashboards are for supervisors and administrators");
		}
		return actor;
	}

	private static String query(DashboardFilter filter) {
		StringBuilder query = new StringBuilder("from=" + filter.from() + "&to=" + filter.to());
		if (filter.region() != null) {
			query.append("&region=").append(URLEncoder.encode(filter.region(), StandardCharsets.UTF_8));
		}
		if (filter.repId() != null) {
			query.append("&repId=").append(URLEncoder.encode(filter.repId(), StandardCharsets.UTF_8));
		}
		if (filter.visitType() != null) {
			query.append("&visitType=").append(filter.visitType());
		}
		return query.toString();
	}

}
