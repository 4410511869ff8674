package ru.visitflow.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The day route over HTTP: opening hours and fixed appointments held, the Yandex.Maps
 * link in route order, applying moves only the visits that are not fixed, and a rep sees
 * only their own day.
 */
@AutoConfigureMockMvc
class RouteApiTests extends LifecycleTestSupport {

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	private static final RequestPostProcessor REP2_LOGIN = httpBasic("rep2", "secret");

	private static final AtomicLong ids = new AtomicLong(5_500_000 + System.nanoTime() % 100_000);

	/** Thursday, two days after the tests' "now". */
	private static final LocalDate DAY = LocalDate.of(2026, 12, 3);

	/** The Monday after: suggestions. */
	private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CompanyMirror mirror;

	private final ObjectMapper json = new ObjectMapper();

	private long company(double lat, double lon) {
		long id = ids.incrementAndGet();
		this.mirror.save(new Company(id, "ООО «Маршрут " + id + "»", 2L, List.of(), List.of(), "ул. Тестовая, " + id,
				"Москва", "Москва", null, "Россия", lat, lon, Instant.now()));
		return id;
	}

	private Visit visit(long company, String type, String start) {
		return this.visits.create(new NewVisit(company, "ООО «Маршрут " + company + "»", null, "rep1", type,
				DAY + "T" + start, null, null, null, VisitOrigin.MANUAL), REP1);
	}

	@Test
	void theDayIsOrderedWithinHoursAndAppointmentsAndApplied() throws Exception {
		long morning = company(55.76, 37.62);
		long afternoon = company(55.77, 37.60);
		long appointment = company(55.74, 37.64);
		this.mvc
			.perform(put("/api/map/companies/" + afternoon + "/opening-hours").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"openingHours\": \"пн-пт 14:00-18:00, сб выходной\"}"))
			.andExpect(status().isOk());
		Visit flexible = visit(morning, "merchandising", "10:00");
		Visit afterLunch = visit(afternoon, "merchandising", "10:00");
		Visit fixed = visit(appointment, "meeting", "12:00");
		String body = this.mvc
			.perform(get("/api/routes/day?date=" + DAY + "&startLatitude=55.75&startLongitude=37.61").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode route = this.json.readTree(body);
		assertThat(route.path("unfitted")).isEmpty();
		Map<String, JsonNode> stops = new HashMap<>();
		route.path("stops").forEach((stop) -> stops.put(stop.path("visitId").asText(), stop));
		assertThat(stops).hasSize(3);
		assertThat(stops.get(fixed.id().toString()).path("start").asText()).isEqualTo("12:00");
		assertThat(stops.get(fixed.id().toString()).path("fixed").asBoolean()).isTrue();
		assertThat(LocalTime.parse(stops.get(afterLunch.id().toString()).path("start").asText()))
			.isAfterOrEqualTo(LocalTime.of(14, 0));
		// the link follows the route: start, the stops in order, back
		String link = route.path("links").get(0).asText();
		assertThat(link).startsWith("https://yandex.ru/maps/?rtext=55.750000,37.610000~").endsWith("&rtt=auto");
		String firstStop = route.path("stops").get(0).path("latitude").asText();
		assertThat(link.split("~")[1]).startsWith(firstStop.substring(0, 5));
		// another rep may not read this day
		this.mvc.perform(get("/api/routes/day?date=" + DAY + "&rep=rep1").with(REP2_LOGIN))
			.andExpect(status().isForbidden());
		// applying moves the flexible visits to their times and leaves the appointment
		this.mvc
			.perform(post("/api/routes/day/apply?date=" + DAY + "&startLatitude=55.75&startLongitude=37.61")
				.with(REP1_LOGIN))
			.andExpect(status().isOk());
		String afterLunchStart = stops.get(afterLunch.id().toString()).path("start").asText();
		assertThat(reload(afterLunch).plannedStart())
			.isEqualTo(DAY.atTime(LocalTime.parse(afterLunchStart)).atZone(MOSCOW).toInstant());
		String flexibleStart = stops.get(flexible.id().toString()).path("start").asText();
		assertThat(reload(flexible).plannedStart())
			.isEqualTo(DAY.atTime(LocalTime.parse(flexibleStart)).atZone(MOSCOW).toInstant());
		assertThat(reload(fixed).plannedStart()).isEqualTo(fixed.plannedStart());
	}

	@Test
	void suggestionsNearTheRouteAreOfferedAndTheKeptOnesBecomeVisits() throws Exception {
		// a day of its own (Monday) and a quiet spot, so that no other test's visits or
		// companies are near
		double lat = 62.5 + (ids.get() % 200) * 0.01;
		double lon = 40.5;
		long planned = company(lat, lon);
		long near = company(lat + 0.003, lon + 0.004);
		long far = company(lat + 0.2, lon + 0.3);
		this.visits.create(new NewVisit(planned, "ООО «Маршрут " + planned + "»", null, "rep1", "merchandising",
				MONDAY + "T10:00", null, null, null, VisitOrigin.MANUAL), REP1);
		String start = "&startLatitude=" + (lat - 0.01) + "&startLongitude=" + (lon - 0.01);
		JsonNode plain = this.json
			.readTree(this.mvc.perform(get("/api/routes/day?date=" + MONDAY + start).with(REP1_LOGIN))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString());
		assertThat(plain.path("stops").findValues("suggestion")).allMatch((v) -> !v.asBoolean());
		JsonNode route = this.json.readTree(
				this.mvc
					.perform(get("/api/routes/day?date=" + MONDAY + start + "&suggestions=true&maxSuggestions=5")
						.with(REP1_LOGIN))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse()
					.getContentAsString());
		Map<Long, JsonNode> stops = new HashMap<>();
		route.path("stops").forEach((stop) -> stops.put(stop.path("companyId").asLong(), stop));
		assertThat(stops).containsKey(planned).containsKey(near).doesNotContainKey(far);
		assertThat(stops.get(near).path("suggestion").asBoolean()).isTrue();
		assertThat(stops.get(near).hasNonNull("visitId")).isFalse();
		assertThat(stops.get(near).path("coverageStatus").asText()).isEqualTo("NEVER_VISITED");
		assertThat(stops.get(planned).path("suggestion").asBoolean()).isFalse();
		assertThat(route.path("unfitted").findValues("companyId")).extracting(JsonNode::asLong)
			.doesNotContain(planned, near);
		// another rep cannot read them, and the count is bounded
		this.mvc.perform(get("/api/routes/day?date=" + MONDAY + "&rep=rep1&suggestions=true").with(REP2_LOGIN))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/routes/day?date=" + MONDAY + "&suggestions=true&maxSuggestions=99").with(REP1_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("maxSuggestions"));
		// keeping the near one (and naming the far one, which is not on the way) plans
		// one
		// visit
		String suggestedStart = stops.get(near).path("start").asText();
		JsonNode applied = this.json.readTree(
				this.mvc
					.perform(post("/api/routes/day/apply?date=" + MONDAY + start + "&keep=" + near + "&keep=" + far)
						.with(REP1_LOGIN))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse()
					.getContentAsString());
		List<Visit> day = this.visits
			.search(new VisitFilter("rep1", null, null, MONDAY.atStartOfDay(MOSCOW).toInstant(),
					MONDAY.plusDays(1).atStartOfDay(MOSCOW).toInstant()), 0, 200, REP1)
			.items();
		List<Visit> kept = day.stream().filter((v) -> v.companyId() == near).toList();
		assertThat(kept).hasSize(1);
		assertThat(kept.get(0).origin()).isEqualTo(VisitOrigin.ROUTE);
		assertThat(kept.get(0).plannedStart())
			.isEqualTo(MONDAY.atTime(LocalTime.parse(suggestedStart)).atZone(MOSCOW).toInstant());
		assertThat(day).noneMatch((v) -> v.companyId() == far);
		assertThat(applied.path("unfitted").findValues("reason")).extracting(JsonNode::asText)
			.contains("NO_LONGER_FITS");
		Map<Long, JsonNode> after = new HashMap<>();
		applied.path("stops").forEach((stop) -> after.put(stop.path("companyId").asLong(), stop));
		assertThat(after.get(near).path("suggestion").asBoolean()).isFalse();
		assertThat(after.get(near).path("visitId").asText()).isEqualTo(kept.get(0).id().toString());
	}

	@Test
	void badInputIsA400() throws Exception {
		this.mvc.perform(get("/api/routes/day").with(REP1_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("date"));
		this.mvc.perform(get("/api/routes/day?date=" + DAY + "&startLatitude=120&startLongitude=37").with(REP1_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("startLatitude"));
		this.mvc.perform(get("/api/routes/day?date=tomorrow").with(REP1_LOGIN)).andExpect(status().isBadRequest());
	}

}
