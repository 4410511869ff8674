package ru.visitflow.company;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Company and contact edits: only reps whose visits or territory include the company,
 * their supervisors and administrators; anyone else (a rep of another region, a user
 * without a group) gets 403; edits are recorded.
 */
@AutoConfigureMockMvc
class CompanyEditAccessTests extends LifecycleTestSupport {

	private static final Actor ADMIN = new Actor("admin1", Set.of(Role.ADMIN));

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private CompanyEditAccess access;

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private JdbcClient jdbc;

	private long moscowCompany;

	private long contactId;

	@BeforeEach
	void aMoscowCompanyWithAContact() {
		this.identity.ensureUser("nogroup", "No", "Group", "secret", List.of());
		this.moscowCompany = 770_000 + (System.nanoTime() % 100_000);
		this.mirror.save(new Company(this.moscowCompany, "ООО «Москва»", null, List.of(), List.of(), "ул. Тверская, 1",
				"Москва", "Москва", null, null, null, null, Instant.parse("2026-11-01T00:00:00Z")));
		this.contactId = this.moscowCompany + 1;
		this.mirror.save(new Contact(this.contactId, this.moscowCompany, "Иван", "Иванов", null, List.of(), List.of(),
				Instant.parse("2026-11-01T00:00:00Z")));
	}

	@Test
	void strangersGet403OverHttpAndNothingReachesBitrix24() throws Exception {
		String body = "{\"title\": \"Взлом\"}";
		this.mvc
			.perform(put("/api/companies/" + this.moscowCompany).with(httpBasic("nogroup", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/companies/" + this.moscowCompany).with(httpBasic("rep2", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/contacts/" + this.contactId).with(httpBasic("rep2", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"x\"}"))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/contacts/" + this.contactId).with(httpBasic("nogroup", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"x\"}"))
			.andExpect(status().isForbidden());
		assertThat(edits(this.moscowCompany)).isEmpty();
	}

	@Test
	void repsOfTheTerritoryOrWithVisitsTheirSupervisorsAndAdministratorsMayEdit() {
		// rep1 works in Moscow; head1 supervises rep1 and rep2; rep2 (Yekaterinburg) only
		// once they have a visit there
		assertThatCode(() -> this.access.checkCompany(REP1, this.moscowCompany)).doesNotThrowAnyException();
		assertThatCode(() -> this.access.checkCompany(HEAD, this.moscowCompany)).doesNotThrowAnyException();
		assertThatCode(() -> this.access.checkCompany(ADMIN, this.moscowCompany)).doesNotThrowAnyException();
		assertThatCode(() -> this.access.checkContact(REP1, this.contactId)).doesNotThrowAnyException();
		assertThatThrownBy(() -> this.access.checkCompany(REP2, this.moscowCompany))
			.isInstanceOf(ForbiddenException.class);
		assertThatThrownBy(() -> this.access.checkCompany(new Actor("rep3", Set.of(Role.REP)), this.moscowCompany + 5))
			.isInstanceOf(RuntimeException.class);
		this.visits.create(new NewVisit(this.moscowCompany, null, null, null, "meeting", "2026-12-20T11:00", null, null,
				null, VisitOrigin.MANUAL), REP2);
		assertThatCode(() -> this.access.checkCompany(REP2, this.moscowCompany)).doesNotThrowAnyException();
		assertThatCode(() -> this.access.checkContact(REP2, this.contactId)).doesNotThrowAnyException();
	}

	@Test
	void everyEditIsRecordedWithWhoMadeIt() throws Exception {
		this.mvc.perform(put("/api/companies/" + this.moscowCompany).with(httpBasic("rep1", "secret"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"ООО «Москва-2»\"}"));
		assertThat(edits(this.moscowCompany)).containsExactly("rep1");
	}

	private List<String> edits(long companyId) {
		return this.jdbc.sql("select edited_by from company_edit where company_id = ? order by id")
			.param(companyId)
			.query(String.class)
			.list();
	}

}
