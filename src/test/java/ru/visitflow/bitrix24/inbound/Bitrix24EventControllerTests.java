package ru.visitflow.bitrix24.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Bitrix24's calls into Visitflow are checked before anything is stored: a forged token,
 * an unknown event or a malformed id changes nothing. The body is form-encoded with PHP
 * brackets, as in the reference samples.
 */
@SpringBootTest
@ActiveProfiles("test")
@AutoConfigureMockMvc
class Bitrix24EventControllerTests {

	private static final String TOKEN = "sandbox-application-token";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcClient jdbc;

	private long eventsBefore;

	@BeforeEach
	void count() {
		this.eventsBefore = stored();
	}

	private long stored() {
		return this.jdbc.sql("select count(*) from bitrix24_event").query(Long.class).single();
	}

	private ResultActions send(String body) throws Exception {
		return this.mvc
			.perform(post("/bitrix24/events").contentType(MediaType.APPLICATION_FORM_URLENCODED).content(body));
	}

	/** The shape of sample 01 (a UI outgoing webhook for a smart-process update). */
	private static String itemEvent(String event, String id, String entityTypeId, String token) {
		return "event=" + event + "&event_handler_id=37&data%5BFIELDS%5D%5BID%5D=" + id
				+ "&data%5BFIELDS%5D%5BENTITY_TYPE_ID%5D=" + entityTypeId + "&ts=1733150000"
				+ "&auth%5Bdomain%5D=example.bitrix24.ru&auth%5Bclient_endpoint%5D=https%3A%2F%2Fexample.bitrix24.ru%2Frest%2F"
				+ "&auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F&auth%5Bmember_id%5D=abc"
				+ "&auth%5Bapplication_token%5D=" + token;
	}

	@Test
	void aValidEventIsStoredAndAnsweredAtOnce() throws Exception {
		send(itemEvent("ONCRMDYNAMICITEMUPDATE", "29", "1036", TOKEN)).andExpect(status().isOk())
			.andExpect(jsonPath("$.accepted").value(true));
		assertThat(stored()).isEqualTo(this.eventsBefore + 1);
	}

	/**
	 * Accepting an event is one insert: no browser session is created or stored in the
	 * database (Spring Session JDBC), no cookie is set, and no CSRF token is needed.
	 */
	@Test
	void anEventLeavesNoSessionBehind() throws Exception {
		long sessions = this.jdbc.sql("select count(*) from SPRING_SESSION").query(Long.class).single();
		MvcResult result = send(itemEvent("ONCRMDYNAMICITEMUPDATE", "31", "1036", TOKEN)).andExpect(status().isOk())
			.andReturn();
		assertThat(result.getRequest().getSession(false)).isNull();
		assertThat(result.getResponse().getHeaders("Set-Cookie")).isEmpty();
		assertThat(this.jdbc.sql("select count(*) from SPRING_SESSION").query(Long.class).single()).isEqualTo(sessions);
		assertThat(stored()).isEqualTo(this.eventsBefore + 1);
	}

	@Test
	void aForgedTokenIsRefusedAndNothingIsStored() throws Exception {
		send(itemEvent("ONCRMDYNAMICITEMADD", "29", "1036", "guess")).andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.error").value("invalid_token"));
		send(itemEvent("ONCRMDYNAMICITEMADD", "29", "1036", "")).andExpect(status().isUnauthorized());
		send("event=ONCRMDYNAMICITEMADD&data%5BFIELDS%5D%5BID%5D=29").andExpect(status().isUnauthorized());
		assertThat(stored()).isEqualTo(this.eventsBefore);
	}

	@Test
	void malformedOrUnknownEventsAre400AndChangeNothing() throws Exception {
		send(itemEvent("ONCRMLEADADD", "29", "1036", TOKEN)).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("event"));
		send(itemEvent("ONCRMDYNAMICITEMADD", "abc", "1036", TOKEN)).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("data[FIELDS][ID]"));
		send(itemEvent("ONCRMDYNAMICITEMADD", "29", "", TOKEN)).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("data[FIELDS][ENTITY_TYPE_ID]"));
		assertThat(stored()).isEqualTo(this.eventsBefore);
	}

	@Test
	void eventsOfOtherSmartProcessesAreIgnored() throws Exception {
		send(itemEvent("ONCRMDYNAMICITEMADD", "29", "177", TOKEN)).andExpect(status().isOk())
			.andExpect(jsonPath("$.accepted").value(false));
		assertThat(stored()).isEqualTo(this.eventsBefore);
	}

	@Test
	void businessProcessWebhookNeedsTheSecretAndADate() throws Exception {
		String document = "document_id%5B0%5D=crm&document_id%5B1%5D=CCrmDocumentCompany&document_id%5B2%5D=COMPANY_123";
		this.mvc
			.perform(post("/bitrix24/bp/visits?secret=wrong&date=2026-12-20")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content(document))
			.andExpect(status().isUnauthorized());
		this.mvc
			.perform(post("/bitrix24/bp/visits?secret=sandbox-bp-secret&date=20.12.2026")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content(document))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("date"));
		this.mvc
			.perform(post("/bitrix24/bp/visits?secret=sandbox-bp-secret&date=2026-12-20&type=party")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content(document))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("type"));
		this.mvc
			.perform(post("/bitrix24/bp/visits?secret=sandbox-bp-secret&date=2026-12-20")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("document_id%5B2%5D=LEAD_5"))
			.andExpect(status().isBadRequest());
		assertThat(stored()).isEqualTo(this.eventsBefore);
		this.mvc
			.perform(post("/bitrix24/bp/visits?secret=sandbox-bp-secret&date=2026-12-20&type=training")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content(document))
			.andExpect(status().isAccepted());
		assertThat(stored()).isEqualTo(this.eventsBefore + 1);
	}

}
