package ru.visitflow.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.route.DayRoute;
import ru.visitflow.route.RouteService;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The field app's "Маршрут" page: the rep sees their day in route order with the
 * Yandex.Maps link and applies it; another rep gets 403; a supervisor reads the rep's
 * route without the apply button.
 */
@AutoConfigureMockMvc
class FieldRouteTests extends LifecycleTestSupport {

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	private static final RequestPostProcessor REP2_LOGIN = httpBasic("rep2", "secret");

	private static final RequestPostProcessor HEAD_LOGIN = httpBasic("head1", "secret");

	private static final AtomicLong ids = new AtomicLong(5_700_000 + System.nanoTime() % 100_000);

	/** Friday, three days after the tests' "now". */
	private static final LocalDate DAY = LocalDate.of(2026, 12, 4);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private RouteService routes;

	private long company(String title, Double lat, Double lon) {
		long id = ids.incrementAndGet();
		this.mirror.save(new Company(id, title, 2L, List.of(), List.of(), "ул. Тестовая, " + id, "Москва", "Москва",
				null, "Россия", lat, lon, Instant.now()));
		return id;
	}

	private Visit visit(long company, String title, String type, String start) {
		return this.visits.create(new NewVisit(company, title, null, "rep1", type, DAY + "T" + start, null, null, null,
				VisitOrigin.MANUAL), REP1);
	}

	@Test
	void theRepSeesAndAppliesTheRouteOthersOnlyReadOrAreRefused() throws Exception {
		String suffix = " " + ids.incrementAndGet();
		Visit near = visit(company("Ближняя" + suffix, 55.76, 37.62), "Ближняя" + suffix, "merchandising", "16:00");
		Visit far = visit(company("Дальняя" + suffix, 55.80, 37.50), "Дальняя" + suffix, "merchandising", "10:00");
		Visit lost = visit(company("Без координат" + suffix, null, null), "Без координат" + suffix, "merchandising",
				"12:00");
		String page = this.mvc
			.perform(get("/field/route").param("date", DAY.toString())
				.param("lat", "55.75")
				.param("lon", "37.61")
				.with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Открыть в Яндекс.Картах")))
			.andExpect(content().string(containsString("https://yandex.ru/maps/?rtext=")))
			.andExpect(content().string(containsString("Применить порядок")))
			.andExpect(content().string(containsString("От моего местоположения")))
			.andExpect(content().string(containsString("Предложить компании по пути")))
			.andExpect(content().string(containsString("нет координат компании")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		// the stops in the route service's order, with their times and the route's link
		assertThat(page).contains("Без координат" + suffix);
		DayRoute expected = this.routes.day("rep1", DAY, 55.75, 37.61, true, REP1);
		assertThat(expected.stops()).hasSize(2);
		assertThat(page.indexOf(expected.stops().get(0).companyTitle())).isPositive()
			.isLessThan(page.indexOf(expected.stops().get(1).companyTitle()));
		assertThat(page).contains(expected.links().get(0).replace("&", "&amp;"));
		for (DayRoute.Stop stop : expected.stops()) {
			assertThat(page).contains(stop.start() + "–" + stop.departure());
		}
		// English on ?lang=en
		this.mvc.perform(get("/field/route").param("date", DAY.toString()).param("lang", "en").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Open in Yandex Maps")))
			.andExpect(content().string(containsString("the company has no coordinates")))
			.andExpect(content().string(containsString("from the first visit")));
		// another rep: 403
		this.mvc.perform(get("/field/route").param("rep", "rep1").param("date", DAY.toString()).with(REP2_LOGIN))
			.andExpect(status().isForbidden());
		// the supervisor reads the route, without the apply button
		this.mvc.perform(get("/field/route").param("rep", "rep1").param("date", DAY.toString()).with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Ближняя" + suffix)))
			.andExpect(content().string(containsString("Только просмотр")))
			.andExpect(content().string(not(containsString("Применить порядок"))));
		// the day page links to the route
		this.mvc.perform(get("/field/").param("date", DAY.toString()).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/field/route?date=" + DAY)));
		// applying moves the visits to the route's times
		this.mvc
			.perform(post("/field/route/apply").param("date", DAY.toString())
				.param("lat", "55.75")
				.param("lon", "37.61")
				.with(REP1_LOGIN)
				.with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", containsString("applied=1")));
		for (DayRoute.Stop stop : expected.stops()) {
			Visit visit = stop.visitId().equals(near.id().toString()) ? near : far;
			assertThat(reload(visit).plannedStart())
				.isEqualTo(DAY.atTime(LocalTime.parse(stop.start())).atZone(MOSCOW).toInstant());
		}
		assertThat(reload(lost).plannedStart()).isEqualTo(lost.plannedStart());
		this.mvc.perform(get("/field/route").param("date", DAY.toString()).param("applied", "1").with(REP1_LOGIN))
			.andExpect(content().string(containsString("Порядок применён")));
	}

}
