package ru.visitflow.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.identity.Actor;
import ru.visitflow.plan.Plan;
import ru.visitflow.plan.PlanFormer;
import ru.visitflow.plan.PlanStatus;
import ru.visitflow.plan.PlanTestSupport;
import ru.visitflow.plan.RequestStatus;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;

/**
 * The field app's planning screens: monthly targets set by a supervisor in place, a plan
 * proposed by the rep in the app and handed in to the control step, and the month
 * calendar's events and day lists, each scoped to the rep or the supervisor's team. The
 * engine clock stands at Tuesday 1 December 2026, 09:00 in Moscow.
 */
@AutoConfigureMockMvc
class FieldPlanningTests extends PlanTestSupport {

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	private static final RequestPostProcessor HEAD_LOGIN = httpBasic("head1", "secret");

	@Autowired
	private MockMvc mvc;

	@Test
	void aSupervisorSetsTheTeamsMonthlyTargetsInPlaceAndTheRepSeesTargetAgainstDone() throws Exception {
		Actor rep = newRep();
		RequestPostProcessor repLogin = httpBasic(rep.userId(), "secret");
		// reps neither open the page nor list the targets
		this.mvc.perform(get("/field/targets").with(repLogin)).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/field/targets").with(repLogin)).andExpect(status().isForbidden());
		// bad input: 400 naming the field, nothing stored
		target(rep.userId(), "2026-12", "{\"visits\": -3}", HEAD_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("visits"))
			.andExpect(jsonPath("$.errors[0].reason").isNotEmpty());
		target(rep.userId(), "2026-12", "{}", HEAD_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("visits"));
		target(rep.userId(), "december", "{\"visits\": 5}", HEAD_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("month"));
		// rep3 is in no team of head1's
		target("rep3", "2026-12", "{\"visits\": 5}", HEAD_LOGIN).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/field/targets").with(HEAD_LOGIN).param("month", "2026-12"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].repId", hasItem(rep.userId())))
			.andExpect(jsonPath("$[*].repId", not(hasItem("rep3"))));

		Visit visit = plan(rep, "2026-12-01T12:00");
		this.visits.complete(visit.id(), new VisitResult(VisitOutcome.ORDER_PLACED, "ok", null), rep);
		target(rep.userId(), "2026-12", "{\"visits\": 4}", HEAD_LOGIN).andExpect(status().isOk())
			.andExpect(jsonPath("$.target").value(4));
		this.mvc.perform(get("/api/field/targets").with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.repId == '" + rep.userId() + "')].target").value(hasItem(4)))
			.andExpect(jsonPath("$[?(@.repId == '" + rep.userId() + "')].completed").value(hasItem(1)))
			.andExpect(jsonPath("$[?(@.repId == '" + rep.userId() + "')].targetPercent").value(hasItem(25)));
		this.mvc.perform(get("/field/targets").with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/api/field/targets/" + rep.userId() + "/2026-12")))
			.andExpect(content().string(containsString("25 %")));
		this.mvc.perform(get("/field/targets").with(HEAD_LOGIN).param("lang", "en").locale(Locale.ENGLISH))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Visit targets: December 2026")));
		this.mvc.perform(get("/field/numbers").with(repLogin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Сделано 1 из 4 по плану на месяц")));
	}

	@Test
	void aPlanHandedToTheRepIsProposedInTheFieldAppAndReachesTheControlStep() throws Exception {
		Actor rep = newRep();
		RequestPostProcessor repLogin = httpBasic(rep.userId(), "secret");
		long due = company("ООО «Давно не были»", bitrix24Id(rep));
		Plan plan = planFor(rep.userId(), 10, PlanFormer.REP);
		this.mvc.perform(get("/field/").with(repLogin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Предложить визиты по плану")))
			.andExpect(content().string(containsString("/field/plans/" + plan.id())));
		this.mvc.perform(get("/field/plans/" + plan.id()).with(repLogin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("ООО «Давно не были»")))
			.andExpect(content().string(containsString("без визитов")))
			.andExpect(content().string(containsString("id=\"propose-form\"")));
		// another rep may not open it; the head reads it without the rep's actions
		this.mvc.perform(get("/field/plans/" + plan.id()).with(REP1_LOGIN)).andExpect(status().isForbidden());
		this.mvc.perform(get("/field/plans/" + plan.id()).with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("id=\"propose-form\""))));
		// the screen's actions: the plan API, as the outbox sends them
		this.mvc.perform(post("/api/plans/" + plan.id() + "/requests").with(repLogin)
			.header("Idempotency-Key", "field-plan-1")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"companyId\": " + due
					+ ", \"visitType\": \"training\", \"plannedStart\": \"2026-12-10\", \"purpose\": \"Обучение\"}"))
			.andExpect(status().isCreated());
		this.mvc
			.perform(post("/api/plans/" + plan.id() + "/submit").with(repLogin)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{}"))
			.andExpect(status().isOk());
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.IN_REVIEW);
		assertThat(task(plan).getTaskDefinitionKey()).isEqualTo("Task_ReviewRequests");
		assertThat(requests(plan)).singleElement().satisfies((r) -> {
			assertThat(r.companyId()).isEqualTo(due);
			assertThat(r.visitType()).isEqualTo("training");
			assertThat(r.status()).isEqualTo(RequestStatus.SUBMITTED);
		});
		// handed in: no longer offered on the day, the screen says where it went
		this.mvc.perform(get("/field/").with(repLogin))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("/field/plans/" + plan.id()))));
		this.mvc.perform(get("/field/plans/" + plan.id()).with(repLogin))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Набор отправлен руководителю")));
	}

	@Test
	void theMonthCalendarListsTheRepsVisitsByStageAndADaysVisitsScopedToTheTeam() throws Exception {
		// a rep of their own, on a day no other suite plans for rep1
		Actor rep = newRep();
		RequestPostProcessor repLogin = httpBasic(rep.userId(), "secret");
		Visit visit = plan(rep, "2026-12-09T10:30");
		this.mvc
			.perform(get("/field/calendar/events").with(repLogin).param("from", "2026-11-30").param("to", "2027-01-11"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.id == '" + visit.id() + "')].start").value(hasItem("2026-12-09T10:30")))
			.andExpect(jsonPath("$[?(@.id == '" + visit.id() + "')].classNames[0]")
				.value(hasItem("ev-" + reload(visit).stage())))
			.andExpect(
					jsonPath("$[?(@.id == '" + visit.id() + "')].url").value(hasItem("/field/visits/" + visit.id())));
		// bad dates answer 400 naming the field, as the API does
		this.mvc.perform(get("/field/calendar/events").with(repLogin).param("from", "soon").param("to", "2027-01-11"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		this.mvc
			.perform(get("/field/calendar/events").with(repLogin).param("from", "2026-01-01").param("to", "2027-01-11"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("to"));
		this.mvc.perform(get("/field/calendar/events").with(repLogin).param("to", "2027-01-11"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		this.mvc.perform(get("/field/calendar/day").with(repLogin).param("date", "2026-12-09"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/field/visits/" + visit.id())))
			.andExpect(content().string(containsString("10:30")));
		// the head reads the rep's month; rep2 may not
		this.mvc
			.perform(get("/field/calendar/events").with(HEAD_LOGIN)
				.param("rep", rep.userId())
				.param("from", "2026-11-30")
				.param("to", "2027-01-11"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].id", hasItem(visit.id().toString())));
		this.mvc
			.perform(get("/field/calendar/events").with(httpBasic("rep2", "secret"))
				.param("rep", rep.userId())
				.param("from", "2026-11-30")
				.param("to", "2027-01-11"))
			.andExpect(status().isForbidden());
		// the page loads FullCalendar; the day page does not
		this.mvc.perform(get("/field/calendar").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/webjars/fullcalendar/6.1.15/index.global.min.js")));
		this.mvc.perform(get("/field/").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("fullcalendar"))));
		this.mvc.perform(get("/webjars/fullcalendar/6.1.15/index.global.min.js")).andExpect(status().isOk());
		// the offline list keeps the month's events and the next days' lists
		this.mvc.perform(get("/api/field/offline-urls").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasItem("/field/calendar/events?from=2026-11-30&to=2027-01-11")))
			.andExpect(jsonPath("$", hasItem("/field/calendar/day?date=2026-12-03")));
	}

	private ResultActions target(String rep, String month, String body, RequestPostProcessor login) throws Exception {
		return this.mvc.perform(put("/api/field/targets/" + rep + "/" + month).with(login)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body));
	}

}
