package ru.visitflow.identity;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.util.List;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.visit.process.LifecycleTestSupport;

/** The app's login page: a throttled address is told so, in the user's language. */
@AutoConfigureMockMvc
class LoginPageThrottleTests extends LifecycleTestSupport {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private IdentityBootstrap identity;

	@Test
	void wrongPasswordsThenTheThrottleNoticeOnTheLoginPage() throws Exception {
		this.identity.ensureUser("rep7", "Rep", "Seven", "secret", List.of(Role.REP.groupId()));
		for (int i = 0; i < 5; i++) {
			this.mvc.perform(formLogin().user("rep7").password("wrong" + i)).andExpect(redirectedUrl("/login?error"));
		}
		this.mvc.perform(formLogin().user("rep7").password("secret")).andExpect(redirectedUrl("/login?throttled"));
		this.mvc.perform(get("/login").param("throttled", "").param("lang", "en"))
			.andExpect(content().string(Matchers.containsString("Too many failed logins from this address")));
	}

}
