package ru.visitflow.identity;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Profiles map users to Bitrix24, time zones and teams; only administrators change them.
 */
@AutoConfigureMockMvc
class UserProfileApiTests extends LifecycleTestSupport {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private IdentityBootstrap identity;

	@BeforeEach
	void admin() {
		this.identity.ensureUser("boss", "Главный", "Администратор", "secret",
				List.of(Role.ADMIN.groupId(), "camunda-admin"));
	}

	@Test
	void meShowsRolesTimeZoneAndTeam() throws Exception {
		this.mvc.perform(get("/api/me").with(httpBasic("rep2", "secret")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.roles[0]").value("REP"))
			.andExpect(jsonPath("$.timeZone").value("Asia/Yekaterinburg"))
			.andExpect(jsonPath("$.supervisorId").value("head1"))
			.andExpect(jsonPath("$.bitrix24UserId").value(3));
	}

	@Test
	void onlyAdministratorsChangeProfilesAndBadValuesAre400() throws Exception {
		String body = "{\"bitrix24UserId\": 9, \"timeZone\": \"Asia/Novosibirsk\", \"supervisorId\": \"head1\"}";
		this.mvc
			.perform(put("/api/users/rep3/profile").with(httpBasic("rep3", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/users/rep3/profile").with(httpBasic("boss", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"timeZone\": \"Mars/Olympus\", \"supervisorId\": \"rep1\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("timeZone"))
			.andExpect(jsonPath("$.errors[1].field").value("supervisorId"));
		this.mvc
			.perform(put("/api/users/nobody/profile").with(httpBasic("boss", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isNotFound());
		this.mvc
			.perform(put("/api/users/rep3/profile").with(httpBasic("boss", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.timeZone").value("Asia/Novosibirsk"));
		this.mvc.perform(get("/api/users/rep3/profile").with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.bitrix24UserId").value(9));
		this.mvc.perform(get("/api/users/rep3/profile").with(httpBasic("rep1", "secret")))
			.andExpect(status().isForbidden());
		// put back what the other tests expect of rep3
		this.mvc
			.perform(put("/api/users/rep3/profile").with(httpBasic("boss", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"bitrix24UserId\": 5, \"timeZone\": \"Europe/Moscow\"}"))
			.andExpect(status().isOk());
	}

}
