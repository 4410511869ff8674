package ru.visitflow.web;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.visit.Visit;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The pages speak Russian by default, English on request, and show a visit's stage
 * history.
 */
@AutoConfigureMockMvc
class VisitPagesTests extends LifecycleTestSupport {

	@Autowired
	private MockMvc mvc;

	@Test
	void pagesAreRussianEvenForAnEnglishBrowserAndSwitchToEnglishOnRequest() throws Exception {
		this.mvc.perform(get("/").with(user("rep1").roles("REP")).header("Accept-Language", "en-US,en;q=0.9"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Здравствуйте")));
		this.mvc.perform(get("/").param("lang", "en").with(user("rep1").roles("REP")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Hello")))
			.andExpect(cookie().value("visitflow-lang", "en"));
		this.mvc.perform(get("/").cookie(new Cookie("visitflow-lang", "en")).with(user("rep1").roles("REP")))
			.andExpect(content().string(containsString("Hello")));
	}

	@Test
	void aVisitPageShowsItsStageHistoryInTheRepsTimeZone() throws Exception {
		Visit visit = plan(REP2, "2026-12-03T10:00");
		this.mvc.perform(get("/visits/" + visit.id()).with(user("rep2").roles("REP")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("03.12.2026 10:00 (Asia/Yekaterinburg)")))
			.andExpect(content().string(containsString("Взял в работу")));
		this.mvc.perform(get("/visits/" + visit.id()).with(user("rep1").roles("REP")))
			.andExpect(status().isForbidden());
	}

}
