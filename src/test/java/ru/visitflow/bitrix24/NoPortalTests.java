package ru.visitflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.client.Bitrix24NotConfiguredException;
import ru.visitflow.bitrix24.outbound.VisitSyncWorker;
import ru.visitflow.sandbox.Bitrix24Sandbox;

/**
 * Production settings (the {@code postgres} profile, with the sync and reconciliation on
 * as in production, here on an in-memory database) and no portal configured: no sandbox
 * endpoint, no event accepted (the sandbox's published token least of all), no demo data
 * and no company import; the app starts and says so in the log and on health.
 */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:visitflow-no-portal;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=", "visitflow.bitrix24.webhook-url=",
		"visitflow.bitrix24.sync.enabled=true", "visitflow.bitrix24.reconciliation.enabled=true" })
@ActiveProfiles({ "test", "postgres" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class NoPortalTests {

	private static final String SANDBOX_TOKEN = "sandbox-application-token";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Bitrix24 bitrix24;

	@Autowired
	private VisitSyncWorker worker;

	private long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	@Test
	void noSandboxEndpointExists() throws Exception {
		assertThat(this.context.getBeansOfType(Bitrix24Sandbox.class)).isEmpty();
		this.mvc.perform(get("/bitrix24-sandbox/rest/10/sandbox-webhook/user.current"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(post("/bitrix24-sandbox/rest/10/sandbox-webhook/crm.item.list").with(user("admin")))
			.andExpect(status().is4xxClientError());
		this.mvc.perform(get("/bitrix24-sandbox").with(user("admin"))).andExpect(status().isNotFound());
		// and the pages do not point to it
		this.mvc.perform(get("/").with(user("rep1").roles("REP")))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("/bitrix24-sandbox"))));
	}

	@Test
	void noEventIsAcceptedNotEvenWithTheSandboxToken() throws Exception {
		long before = count("bitrix24_event");
		this.mvc
			.perform(post("/bitrix24/events").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("event=ONCRMDYNAMICITEMADD&data[FIELDS][ID]=7&data[FIELDS][ENTITY_TYPE_ID]=1036"
						+ "&auth[application_token]=" + SANDBOX_TOKEN))
			.andExpect(status().isUnauthorized());
		this.mvc
			.perform(post("/bitrix24/bp/visits").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("secret=sandbox-bp-secret&document_id[2]=COMPANY_5&date=2026-12-20"))
			.andExpect(status().isUnauthorized());
		assertThat(count("bitrix24_event")).isEqualTo(before);
	}

	@Test
	void nothingIsImportedAndNothingSynced() {
		assertThat(count("company")).isZero();
		assertThat(count("contact")).isZero();
		assertThat(count("visit")).isZero();
		assertThat(count("user_profile")).isZero();
		assertThat(this.worker.isRunning()).isFalse();
		assertThatThrownBy(() -> this.bitrix24.call("crm.company.list", Map.of()))
			.isInstanceOf(Bitrix24NotConfiguredException.class);
	}

	@Test
	void theAppSaysSoInTheLogAndOnHealth(CapturedOutput output) throws Exception {
		this.mvc.perform(get("/actuator/health").with(user("admin").roles("ADMIN")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.bitrix24.status").value("UNKNOWN"))
			.andExpect(jsonPath("$.components.bitrix24.details.portal").value("none"));
		assertThat(output.getAll()).contains("No Bitrix24 portal: BITRIX24_WEBHOOK_URL is not set");
	}

}
