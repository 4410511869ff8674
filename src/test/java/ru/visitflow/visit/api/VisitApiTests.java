package ru.visitflow.visit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.visit.Visit;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The visit API over HTTP: bad input answers 400 with the field and changes nothing;
 * access is per rep.
 */
@AutoConfigureMockMvc
class VisitApiTests extends LifecycleTestSupport {

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	private static final RequestPostProcessor REP2_LOGIN = httpBasic("rep2", "secret");

	private static final RequestPostProcessor REP3_LOGIN = httpBasic("rep3", "secret");

	private static final RequestPostProcessor HEAD_LOGIN = httpBasic("head1", "secret");

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcClient jdbc;

	private long visitsBefore;

	private long instancesBefore;

	@BeforeEach
	void countWhatExists() {
		this.visitsBefore = this.jdbc.sql("select count(*) from visit").query(Long.class).single();
		this.instancesBefore = this.runtimeService.createProcessInstanceQuery().count();
	}

	private ResultActions postJson(String url, String body, RequestPostProcessor login) throws Exception {
		return this.mvc.perform(post(url).with(login).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	private void assertNothingCreated() {
		assertThat(this.jdbc.sql("select count(*) from visit").query(Long.class).single()).isEqualTo(this.visitsBefore);
		assertThat(this.runtimeService.createProcessInstanceQuery().count()).isEqualTo(this.instancesBefore);
	}

	@Test
	void planAVisitAndReadItWithItsHistory() throws Exception {
		String location = postJson("/api/visits", """
				{"companyId": 501, "companyTitle": "ООО «Ромашка»", "visitType": "meeting",
				 "plannedStart": "2026-12-20T11:00", "purpose": "Знакомство", "region": "Москва"}
				""", REP1_LOGIN).andExpect(status().isCreated())
			.andExpect(jsonPath("$.stage").value("DRAFT"))
			.andExpect(jsonPath("$.repId").value("rep1"))
			.andExpect(jsonPath("$.plannedStart").value("2026-12-20T11:00:00+03:00"))
			.andExpect(jsonPath("$.durationMinutes").value(60))
			.andReturn()
			.getResponse()
			.getHeader("Location");
		this.mvc.perform(get(location).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.history[0].toStage").value("DRAFT"))
			.andExpect(jsonPath("$.history[0].changedBy").value("rep1"));
	}

	@Test
	void missingCompanyIs400AndCreatesNothing() throws Exception {
		postJson("/api/visits", """
				{"visitType": "meeting", "plannedStart": "2026-12-20T11:00"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("companyId"))
			.andExpect(jsonPath("$.errors[0].code").value("required"))
			.andExpect(jsonPath("$.trace").doesNotExist());
		assertNothingCreated();
	}

	@Test
	void unknownVisitTypeIs400() throws Exception {
		postJson("/api/visits", """
				{"companyId": 501, "visitType": "party", "plannedStart": "2026-12-20T11:00"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("visitType"))
			.andExpect(jsonPath("$.errors[0].code").value("unknown"))
			.andExpect(jsonPath("$.errors[0].reason").value(containsString("meeting")));
		assertNothingCreated();
	}

	@Test
	void dateInThePastIs400() throws Exception {
		postJson("/api/visits", """
				{"companyId": 501, "visitType": "meeting", "plannedStart": "2026-11-30T11:00"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("plannedStart"))
			.andExpect(jsonPath("$.errors[0].code").value("past"));
		assertNothingCreated();
	}

	@Test
	void unreadableDateIs400() throws Exception {
		postJson("/api/visits", """
				{"companyId": 501, "visitType": "meeting", "plannedStart": "завтра"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("plannedStart"))
			.andExpect(jsonPath("$.errors[0].code").value("format"));
		assertNothingCreated();
	}

	@Test
	void everyProblemIsReportedAtOnce() throws Exception {
		postJson("/api/visits", """
				{"visitType": "party", "plannedStart": "2020-01-01T10:00"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(hasItem("companyId")))
			.andExpect(jsonPath("$.errors[*].field").value(hasItem("visitType")))
			.andExpect(jsonPath("$.errors[*].field").value(hasItem("plannedStart")));
		assertNothingCreated();
	}

	@Test
	void wrongJsonTypeNamesTheField() throws Exception {
		postJson("/api/visits", """
				{"companyId": "Ромашка", "visitType": "meeting", "plannedStart": "2026-12-20T11:00"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("companyId"));
		postJson("/api/visits", "{not json", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("body"));
		postJson("/api/visits", """
				{"companyId": 501, "visitType": "meeting", "plannedStart": "2026-12-20T11:00", "colour": "red"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("colour"));
		assertNothingCreated();
	}

	@Test
	void unknownOutcomeIs400() throws Exception {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		postJson("/api/visits/" + visit.id() + "/complete", """
				{"outcome": "GREAT"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("outcome"))
			.andExpect(jsonPath("$.errors[0].reason").value(containsString("ORDER_PLACED")));
		postJson("/api/visits/" + visit.id() + "/complete", "{}", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("outcome"));
		assertThat(reload(visit).stage().name()).isEqualTo("IN_WORK");
	}

	@Test
	void cancelWithoutAReasonIs400() throws Exception {
		Visit visit = plan(REP1, "2026-12-20T12:00");
		postJson("/api/visits/" + visit.id() + "/cancel", "{}", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("reason"));
		assertThat(reload(visit).stage().name()).isEqualTo("DRAFT");
	}

	@Test
	void rescheduleIntoThePastIs400() throws Exception {
		Visit visit = plan(REP1, "2026-12-20T12:00");
		postJson("/api/visits/" + visit.id() + "/reschedule", """
				{"plannedStart": "2026-11-01T10:00"}
				""", REP1_LOGIN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("plannedStart"));
		assertThat(reload(visit).plannedStart()).isEqualTo(visit.plannedStart());
	}

	@Test
	void illegalTransitionIs409() throws Exception {
		Visit visit = plan(REP1, "2026-12-20T12:00");
		postJson("/api/visits/" + visit.id() + "/complete", """
				{"outcome": "ORDER_PLACED"}
				""", REP1_LOGIN).andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("DRAFT")));
		postJson("/api/visits/" + visit.id() + "/cancel", """
				{"reason": "дубль"}
				""", REP1_LOGIN).andExpect(status().isOk()).andExpect(jsonPath("$.stage").value("CANCELLED"));
		postJson("/api/visits/" + visit.id() + "/reschedule", """
				{"plannedStart": "2026-12-22T10:00"}
				""", REP1_LOGIN).andExpect(status().isConflict());
	}

	@Test
	void aRepCannotSeeOrChangeAnotherRepsVisit() throws Exception {
		Visit visit = plan(REP1, "2026-12-03T12:00");
		this.mvc.perform(get("/api/visits/" + visit.id()).with(REP2_LOGIN)).andExpect(status().isForbidden());
		postJson("/api/visits/" + visit.id() + "/reschedule", """
				{"plannedStart": "2026-12-22T10:00"}
				""", REP2_LOGIN).andExpect(status().isForbidden());
		postJson("/api/visits/" + visit.id() + "/cancel", """
				{"reason": "не мой"}
				""", REP2_LOGIN).andExpect(status().isForbidden());
		postJson("/api/visits/" + visit.id() + "/complete", """
				{"outcome": "ORDER_PLACED"}
				""", REP2_LOGIN).andExpect(status().isForbidden());
		postJson("/api/visits", """
				{"companyId": 501, "repId": "rep1", "visitType": "meeting", "plannedStart": "2026-12-20T11:00"}
				""", REP2_LOGIN).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/visits").param("size", "200").with(REP2_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].id").value(not(hasItem(visit.id().toString()))));
		assertThat(reload(visit).stage().name()).isEqualTo("IN_WORK");
	}

	@Test
	void aSupervisorSeesTheTeamButNotOtherTeams() throws Exception {
		Visit teamVisit = plan(REP2, "2026-12-03T12:00");
		Visit otherTeam = plan(
				new ru.visitflow.identity.Actor("rep3", java.util.Set.of(ru.visitflow.identity.Role.REP)),
				"2026-12-03T12:00");
		this.mvc.perform(get("/api/visits/" + teamVisit.id()).with(HEAD_LOGIN)).andExpect(status().isOk());
		this.mvc.perform(get("/api/visits/" + otherTeam.id()).with(HEAD_LOGIN)).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/visits/" + otherTeam.id()).with(REP3_LOGIN)).andExpect(status().isOk());
		postJson("/api/visits",
				"""
						{"companyId": 502, "repId": "rep2", "visitType": "training", "plannedStart": "2026-12-21T11:00", "origin": "PLAN"}
						""",
				HEAD_LOGIN)
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.repId").value("rep2"))
			.andExpect(jsonPath("$.timeZone").value("Asia/Yekaterinburg"))
			.andExpect(jsonPath("$.plannedStart").value("2026-12-21T11:00:00+05:00"));
	}

	@Test
	void listFiltersByStageAndPeriodWithPaging() throws Exception {
		plan(REP3_ACTOR, "2026-12-02T12:00");
		plan(REP3_ACTOR, "2026-12-25T12:00");
		plan(REP3_ACTOR, "2026-12-26T12:00");
		this.mvc
			.perform(get("/api/visits").param("stage", "DRAFT")
				.param("from", "2026-12-20")
				.param("to", "2026-12-26")
				.param("size", "1")
				.with(REP3_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(2))
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.items[0].plannedStart").value("2026-12-25T12:00:00+03:00"));
		this.mvc.perform(get("/api/visits").param("stage", "SOMEWHERE").with(REP3_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("stage"));
		this.mvc.perform(get("/api/visits").param("size", "5000").with(REP3_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		this.mvc.perform(get("/api/visits").param("from", "1 декабря").with(REP3_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		this.mvc.perform(get("/api/visits/not-a-uuid").with(REP3_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("id"));
	}

	@Test
	void unplannedVisitWithAResult() throws Exception {
		postJson("/api/visits/unplanned",
				"""
						{"companyId": 503, "visitType": "merchandising", "result": {"outcome": "NO_DECISION", "notes": "Полка пустая"}}
						""",
				REP1_LOGIN)
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.stage").value("COMPLETED"))
			.andExpect(jsonPath("$.origin").value("UNPLANNED"))
			.andExpect(jsonPath("$.resultNotes").value("Полка пустая"));
	}

	@Test
	void everythingButHealthNeedsALogin() throws Exception {
		this.mvc.perform(get("/api/visits"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Basic")));
		// a wrong password for a real user would lock it for seconds (Camunda's login
		// throttling)
		this.mvc.perform(get("/api/visits").with(httpBasic("nobody", "wrong"))).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/").accept(MediaType.TEXT_HTML)).andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		this.mvc.perform(get("/v3/api-docs").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/visits']").exists());
	}

	private static final ru.visitflow.identity.Actor REP3_ACTOR = new ru.visitflow.identity.Actor("rep3",
			java.util.Set.of(ru.visitflow.identity.Role.REP));

	@Test
	void filesAreRecordedWithTheResultWhileTheVisitIsOpen() throws Exception {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		org.springframework.mock.web.MockMultipartFile photo = new org.springframework.mock.web.MockMultipartFile(
				"file", "витрина.jpg", "image/jpeg", new byte[] { (byte) 0xFF, (byte) 0xD8, 1, 2, 3 });
		String location = this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.multipart("/api/visits/" + visit.id() + "/attachments")
				.file(photo)
				.with(REP1_LOGIN))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.fileName").value("витрина.jpg"))
			.andExpect(jsonPath("$.sizeBytes").value(5))
			.andReturn()
			.getResponse()
			.getHeader("Location");
		this.mvc.perform(get(location).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.bytes(new byte[] { (byte) 0xFF, (byte) 0xD8, 1, 2, 3 }));
		this.mvc.perform(get("/api/visits/" + visit.id() + "/attachments").with(REP2_LOGIN))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.multipart("/api/visits/" + visit.id() + "/attachments")
				.file(new org.springframework.mock.web.MockMultipartFile("file", "x.exe", "application/x-msdownload",
						new byte[] { 1 }))
				.with(REP1_LOGIN))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.errors[0].code").value("type"));
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.multipart("/api/visits/" + visit.id() + "/attachments")
				.file(new org.springframework.mock.web.MockMultipartFile("file", "empty.jpg", "image/jpeg",
						new byte[0]))
				.with(REP1_LOGIN))
			.andExpect(status().isBadRequest());
		Visit draft = plan(REP1, "2026-12-20T12:00");
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.multipart("/api/visits/" + draft.id() + "/attachments")
				.file(photo)
				.with(REP1_LOGIN))
			.andExpect(status().isConflict());
	}

}
