package ru.visitflow.system;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Health details (database, disk paths, Bitrix24) only for administrators;
 * Bitrix24ProblemHandlerTests covers 503 texts.
 */
@AutoConfigureMockMvc
class HealthDetailsTests extends LifecycleTestSupport {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private IdentityBootstrap identity;

	@Test
	void detailsForAdministratorsOnly() throws Exception {
		this.identity.ensureUser("nobody1", "No", "Role", "secret", List.of());
		this.identity.ensureUser("admin1", "Ad", "Min", "secret", List.of(Role.ADMIN.groupId()));
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").exists())
			.andExpect(jsonPath("$.components").doesNotExist());
		this.mvc.perform(get("/actuator/health").with(httpBasic("rep1", "secret")))
			.andExpect(jsonPath("$.status").exists())
			.andExpect(jsonPath("$.components").doesNotExist())
			.andExpect(jsonPath("$.details").doesNotExist());
		this.mvc.perform(get("/actuator/health").with(httpBasic("head1", "secret")))
			.andExpect(jsonPath("$.components").doesNotExist());
		this.mvc.perform(get("/actuator/health").with(httpBasic("nobody1", "secret")))
			.andExpect(jsonPath("$.components").doesNotExist());
		this.mvc.perform(get("/actuator/health").with(httpBasic("admin1", "secret")))
			.andExpect(jsonPath("$.components.db").exists())
			.andExpect(jsonPath("$.components.diskSpace.details").exists());
	}

}
