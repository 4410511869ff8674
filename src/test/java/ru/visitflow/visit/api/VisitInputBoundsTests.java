package ru.visitflow.visit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Bounds on what the API takes (dates within ten years, sane ids, no control characters,
 * origins people may choose), the company title from the mirror, and CSRF for calls made
 * with the session cookie.
 */
@AutoConfigureMockMvc
class VisitInputBoundsTests extends LifecycleTestSupport {

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CompanyMirror mirror;

	private long visitsBefore;

	@BeforeEach
	void countVisits() {
		this.visitsBefore = visitCount();
	}

	private long visitCount() {
		return this.jdbc.sql("select count(*) from visit").query(Long.class).single();
	}

	private ResultActions create(String body) throws Exception {
		return this.mvc
			.perform(post("/api/visits").with(REP1_LOGIN).contentType(MediaType.APPLICATION_JSON).content(body));
	}

	private void refused(String body, String field, String code) throws Exception {
		create(body).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value(field))
			.andExpect(jsonPath("$.errors[0].code").value(code));
		assertThat(visitCount()).isEqualTo(this.visitsBefore);
	}

	@Test
	void datesMoreThanTenYearsAwayAre400AndSaySo() throws Exception {
		create("""
				{"companyId": 501, "visitType": "meeting", "plannedStart": "9999-12-20T11:00"}
				""").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("plannedStart"))
			.andExpect(jsonPath("$.errors[0].code").value("range"))
			.andExpect(jsonPath("$.errors[0].reason").value(containsString("10 years")));
		refused("""
				{"companyId": 501, "visitType": "meeting", "plannedStart": "+10000-01-01T10:00"}
				""", "plannedStart", "range");
		Visit visit = plan(REP1, "2026-12-01T12:00");
		this.mvc
			.perform(post("/api/visits/" + visit.id() + "/reschedule").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"plannedStart\": \"2099-01-01T10:00\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].code").value("range"));
		this.mvc
			.perform(post("/api/visits/" + visit.id() + "/complete").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"outcome\": \"AGREEMENT_REACHED\", \"nextVisitStart\": \"3026-01-01T10:00\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("nextVisitStart"));
		create("""
				{"companyId": 501, "visitType": "meeting", "plannedStart": "2036-11-20T11:00"}
				""").andExpect(status().isCreated());
	}

	@Test
	void idsOutOfRangeAre400() throws Exception {
		refused("""
				{"companyId": 9223372036854775807, "visitType": "meeting", "plannedStart": "2026-12-20T11:00"}
				""", "companyId", "invalid");
		refused("""
				{"companyId": 501, "contactId": -5, "visitType": "meeting", "plannedStart": "2026-12-20T11:00"}
				""", "contactId", "invalid");
		this.mvc
			.perform(put("/api/contacts/-5").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"x\"}"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void controlCharactersInTextAre400() throws Exception {
		refused("""
				{"companyId": 501, "visitType": "meeting", "plannedStart": "2026-12-20T11:00", "purpose": "a\\u0000b"}
				""", "purpose", "invalid");
		Visit visit = plan(REP1, "2026-12-01T12:00");
		this.mvc
			.perform(post("/api/visits/" + visit.id() + "/cancel").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"reason\": \"line\\u001bescape\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("reason"));
		assertThat(reload(visit).stage().isOpen()).isTrue();
		// line breaks and tabs are text
		this.mvc
			.perform(post("/api/visits/" + visit.id() + "/cancel").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"reason\": \"first\\nsecond\\tthird\"}"))
			.andExpect(status().isOk());
	}

	@Test
	void aRepCannotChooseTheOriginsVisitflowSets() throws Exception {
		refused("""
				{"companyId": 501, "visitType": "meeting", "plannedStart": "2026-12-20T11:00", "origin": "REPEAT"}
				""", "origin", "invalid");
		refused("""
				{"companyId": 501, "visitType": "meeting", "plannedStart": "2026-12-20T11:00", "origin": "BITRIX24"}
				""", "origin", "invalid");
		create("""
				{"companyId": 501, "visitType": "meeting", "plannedStart": "2026-12-20T11:00", "origin": "PLAN"}
				""").andExpect(status().isCreated());
	}

	@Test
	void theBusinessProcessWebhookRefusesDatesOutOfBounds() throws Exception {
		this.mvc
			.perform(post("/bitrix24/bp/visits").param("secret", "sandbox-bp-secret")
				.param("document_id[2]", "COMPANY_101")
				.param("date", "0001-01-01"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("date"))
			.andExpect(jsonPath("$.errors[0].code").value("range"));
	}

	@Test
	void aTaskDeadlineOutOfBoundsAndATaskOnAClosedVisitAreRefused() throws Exception {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		this.mvc
			.perform(post("/api/visits/" + visit.id() + "/bitrix24-tasks").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"title\": \"Позвонить\", \"deadline\": \"0001-01-01\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("deadline"));
		this.visits.cancel(visit.id(), "не нужен", REP1);
		this.mvc
			.perform(post("/api/visits/" + visit.id() + "/bitrix24-tasks").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"title\": \"Позвонить\"}"))
			.andExpect(status().isConflict());
	}

	@Test
	void theCompanyTitleComesFromTheMirrorAndRepeatVisitsInheritIt() throws Exception {
		long companyId = 880_000 + (System.nanoTime() % 100_000);
		this.mirror.save(new Company(companyId, "ООО «Зеркало»", null, List.of(), List.of(), null, "Москва", "Москва",
				null, null, null, null, Instant.parse("2026-11-01T00:00:00Z")));
		Visit visit = this.visits.create(new NewVisit(companyId, null, null, null, "meeting", "2026-12-01T12:00", null,
				null, null, VisitOrigin.MANUAL), REP1);
		assertThat(visit.companyTitle()).isEqualTo("ООО «Зеркало»");
		this.visits.complete(visit.id(), this.visits.readResult("AGREEMENT_REACHED", null, "2026-12-10T10:00", MOSCOW),
				REP1);
		assertThat(repeatVisitOf(visit).companyTitle()).isEqualTo("ООО «Зеркало»");
	}

	@Test
	void callsWithTheSessionCookieNeedTheCsrfTokenBasicClientsDoNot() throws Exception {
		RequestPostProcessor session = user("rep1").roles("REP");
		String body = "{\"companyId\": 501, \"visitType\": \"meeting\", \"plannedStart\": \"2026-12-20T11:00\"}";
		this.mvc.perform(post("/api/visits").with(session).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isForbidden());
		assertThat(visitCount()).isEqualTo(this.visitsBefore);
		this.mvc.perform(
				post("/api/visits").with(session).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated());
		Visit visit = plan(REP1, "2026-12-01T12:00");
		MockMultipartFile photo = new MockMultipartFile("file", "a.jpg", "image/jpeg",
				new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1 });
		this.mvc.perform(multipart("/api/visits/" + visit.id() + "/attachments").file(photo).with(session))
			.andExpect(status().isForbidden());
		// an API client with HTTP Basic and no session needs no token, unless a browser
		// says it came from elsewhere
		this.mvc.perform(post("/api/visits").with(REP1_LOGIN).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isCreated());
		this.mvc
			.perform(post("/api/visits").with(REP1_LOGIN)
				.header("Sec-Fetch-Site", "cross-site")
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isForbidden());
	}

}
