package ru.visitflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.coverage.Cadence;
import ru.visitflow.coverage.CoverageEntry;
import ru.visitflow.coverage.CoverageService;
import ru.visitflow.coverage.CoverageStatus;
import ru.visitflow.identity.Actor;

/**
 * The plan API over HTTP: a supervisor works only their team's plans, a rep only their
 * own plan and requests; bad input answers 400 naming the field and changes nothing. Also
 * coverage by cadence.
 */
@AutoConfigureMockMvc
class PlanApiTests extends PlanTestSupport {

	private static final RequestPostProcessor HEAD_LOGIN = httpBasic("head1", "secret");

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	private static final RequestPostProcessor REP2_LOGIN = httpBasic("rep2", "secret");

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ObjectMapper json;

	@Autowired
	private CoverageService coverage;

	private ResultActions postJson(String url, String body, RequestPostProcessor login) throws Exception {
		return this.mvc.perform(post(url).with(login).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	private long plans() {
		return this.jdbc.sql("select count(*) from visit_plan").query(Long.class).single();
	}

	@Test
	void aSupervisorCancelsAPlanOverTheApiAndThePage() throws Exception {
		Actor rep = newRep();
		Plan plan = planFor(rep.userId(), 5, PlanFormer.HEAD);
		propose(plan, "2026-12-20T11:00", HEAD);
		String url = "/api/plans/" + plan.id() + "/cancel";
		postJson(url, "{\"reason\": \"" + "x".repeat(2001) + "\"}", HEAD_LOGIN).andExpect(status().isBadRequest());
		postJson(url, "{}", REP1_LOGIN).andExpect(status().isForbidden());
		assertThat(reload(plan).status()).isEqualTo(PlanStatus.FORMING);
		postJson(url, "{\"reason\": \"Отпуск\"}", HEAD_LOGIN).andExpect(status().isOk())
			.andExpect(jsonPath("$.plan.status").value("CANCELLED"))
			.andExpect(jsonPath("$.requests[0].status").value("DROPPED"))
			.andExpect(jsonPath("$.cancellation.cancelledBy").value("head1"))
			.andExpect(jsonPath("$.cancellation.reason").value("Отпуск"));
		postJson(url, "{}", HEAD_LOGIN).andExpect(status().isConflict());
		this.mvc.perform(get("/plans/" + plan.id()).with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Отпуск")));

		Plan other = planFor(rep.userId(), 5, PlanFormer.HEAD);
		this.mvc.perform(get("/plans/" + other.id()).with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/plans/" + other.id() + "/cancel")));
		this.mvc
			.perform(post("/plans/" + other.id() + "/cancel").param("reason", "Дубликат").with(csrf()).with(HEAD_LOGIN))
			.andExpect(status().is3xxRedirection());
		assertThat(reload(other).status()).isEqualTo(PlanStatus.CANCELLED);
	}

	@Test
	void headCreatesAPlanHandedToRep1WhoProposesAndHeadApprovesInOneStep() throws Exception {
		String body = postJson("/api/plans", """
				{"scope": "REP", "repId": "rep1", "month": "2026-12", "target": 20, "mix": {"meeting": 10},
				 "formedBy": "REP"}
				""", HEAD_LOGIN).andExpect(status().isCreated())
			.andExpect(jsonPath("$.plan.status").value("FORMING"))
			.andExpect(jsonPath("$.plan.mix.meeting").value(10))
			.andExpect(jsonPath("$.waitingTask").value("Task_ProposeVisits"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = this.json.readTree(body).path("plan").path("id").asText();

		postJson("/api/plans/" + id + "/requests",
				"""
						{"companyId": 7001, "companyTitle": "ООО «А»", "visitType": "meeting", "plannedStart": "2026-12-21T10:00"}
						""",
				REP1_LOGIN)
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.repId").value("rep1"));
		// another rep of the team may neither read nor add
		this.mvc.perform(get("/api/plans/" + id).with(REP2_LOGIN)).andExpect(status().isForbidden());
		postJson("/api/plans/" + id + "/requests", """
				{"companyId": 7002, "visitType": "meeting", "plannedStart": "2026-12-21T10:00"}
				""", REP2_LOGIN).andExpect(status().isForbidden());
		// the rep cannot do the control step
		postJson("/api/plans/" + id + "/submit", "{}", REP1_LOGIN).andExpect(status().isOk());
		postJson("/api/plans/" + id + "/review", "{\"decision\": \"APPROVE_ALL\"}", REP1_LOGIN)
			.andExpect(status().isForbidden());
		JsonNode plan = this.json
			.readTree(postJson("/api/plans/" + id + "/review", "{\"decision\": \"APPROVE_ALL\"}", HEAD_LOGIN)
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.plan.status").value("ACTIVE"))
				.andExpect(jsonPath("$.requests[0].status").value("APPROVED"))
				.andReturn()
				.getResponse()
				.getContentAsString());
		String visitId = plan.path("requests").path(0).path("visitId").asText();
		this.mvc.perform(get("/api/visits/" + visitId).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.origin").value("PLAN"))
			.andExpect(jsonPath("$.stage").value("DRAFT"));
		// the rep lists their own plan; rep2 does not see it
		this.mvc.perform(get("/api/plans").with(REP1_LOGIN)).andExpect(status().isOk());
		assertThat(this.json
			.readTree(
					this.mvc.perform(get("/api/plans").with(REP2_LOGIN)).andReturn().getResponse().getContentAsString())
			.findValuesAsText("id")).doesNotContain(id);
	}

	@Test
	void supervisorsPlanOnlyForTheirTeamAndRepsSetNoPlans() throws Exception {
		long before = plans();
		postJson("/api/plans", "{\"scope\": \"REP\", \"repId\": \"rep3\", \"target\": 5}", HEAD_LOGIN)
			.andExpect(status().isForbidden());
		postJson("/api/plans", "{\"scope\": \"REP\", \"repId\": \"rep1\", \"target\": 5}", REP1_LOGIN)
			.andExpect(status().isForbidden());
		assertThat(plans()).isEqualTo(before);
	}

	@Test
	void badInputAnswers400NamingTheFieldsAndCreatesNothing() throws Exception {
		long before = plans();
		postJson("/api/plans", """
				{"scope": "TEAM", "formedBy": "REP", "target": 0, "month": "2026-13", "mix": {"dance": 3}}
				""", HEAD_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(hasItems("formedBy", "target", "month", "mix.dance")));
		postJson("/api/plans", "{\"scope\": \"EVERYONE\", \"target\": 5}", HEAD_LOGIN)
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("scope"));
		postJson("/api/plans", "{\"scope\": \"REP\", \"repId\": \"rep1\", \"target\": 5, \"month\": \"2026-10\"}",
				HEAD_LOGIN)
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].code").value("past"));
		assertThat(plans()).isEqualTo(before);

		Plan plan = planFor("rep1", 5, PlanFormer.HEAD);
		postJson("/api/plans/" + plan.id() + "/requests", """
				{"companyId": 7003, "visitType": "meeting", "plannedStart": "2027-01-15T10:00"}
				""", HEAD_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("plannedStart"))
			.andExpect(jsonPath("$.errors[0].code").value("outOfPeriod"));
		postJson("/api/plans/" + plan.id() + "/submit", "{}", HEAD_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("requests"));
		postJson("/api/plans/" + plan.id() + "/review", "{\"decision\": \"APPROVE_ALL\"}", HEAD_LOGIN)
			.andExpect(status().isConflict());
		assertThat(requests(plan)).isEmpty();
	}

	@Test
	void coverageListsNeverVisitedOverdueAndDueCompaniesByCadence() throws Exception {
		Actor rep = newRep();
		long never = company("Никогда", bitrix24Id(rep));
		long overdue = company("Давно", bitrix24Id(rep));
		long planned = company("Запланировано", bitrix24Id(rep));
		insertVisit(overdue, rep.userId(), "COMPLETED", "2026-10-01T07:00:00Z");
		insertVisit(planned, rep.userId(), "DRAFT", "2026-12-20T07:00:00Z");
		this.coverage.setCadence(new Cadence(overdue, "A", null), HEAD);

		List<CoverageEntry> entries = this.coverage.list(HEAD, rep.userId(), null, null);
		assertThat(entries).extracting(CoverageEntry::companyId, CoverageEntry::status)
			.containsExactly(tuple(never, CoverageStatus.NEVER_VISITED), tuple(overdue, CoverageStatus.OVERDUE),
					tuple(planned, CoverageStatus.PLANNED));
		assertThat(entries.get(1).frequencyDays()).isEqualTo(14);
		assertThat(entries.get(1).dueOn()).hasToString("2026-10-15");

		this.mvc.perform(get("/api/coverage").param("repId", rep.userId()).with(REP1_LOGIN))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/coverage/" + overdue + "/cadence").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"segment\": \"B\"}"))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/coverage/" + overdue + "/cadence").with(HEAD_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"segment\": \"Z\", \"frequencyDays\": 0}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(2));
		this.mvc
			.perform(
					get("/api/coverage").param("repId", rep.userId()).param("status", "NEVER_VISITED").with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(1));
	}

	@Test
	void plansPagesListCreateAndShowAPlan() throws Exception {
		this.mvc.perform(get("/plans").with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("name=\"target\"")));
		String location = this.mvc
			.perform(post("/plans").with(HEAD_LOGIN)
				.with(csrf())
				.param("repId", "rep1")
				.param("target", "12")
				.param("formedBy", "REP"))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		this.mvc.perform(get(location).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Предложить визиты")));
		this.mvc.perform(get(location).with(REP2_LOGIN)).andExpect(status().isForbidden());
		this.mvc.perform(post("/plans").with(HEAD_LOGIN).with(csrf()).param("target", "0"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("target")));
	}

	private void insertVisit(long companyId, String repId, String stage, String plannedStart) {
		this.jdbc
			.sql("""
					insert into visit (id, company_id, rep_id, visit_type, planned_start, duration_minutes, time_zone, origin,
					  stage, stage_changed_at, version, created_at, created_by)
					values (random_uuid(), ?, ?, 'meeting', ?, 60, 'Europe/Moscow', 'MANUAL', ?, current_timestamp, 0,
					  current_timestamp, 'test')
					""")
			.params(companyId, repId, OffsetDateTime.parse(plannedStart), stage)
			.update();
	}

}
