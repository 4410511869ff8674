package ru.visitflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ExternalTaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.company.CompanySync;
import ru.visitflow.bitrix24.inbound.InboxProcessor;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.company.CompanyOpeningHours;
import ru.visitflow.geo.CompanyPositions;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.sandbox.FailureMode;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The company card fields against a portal set up as a customer's: coordinates and
 * opening hours in fields of the customer's naming, a decision maker, products of
 * interest and a further field, the INN in the requisite. Read into the mirror in
 * batches, written back from the field app's card edit and the map's opening-hours edit,
 * opening hours edited in Bitrix24 reaching the day route, wrong settings named in health
 * with the fields that would fit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "server.port=18994", "visitflow.bitrix24-sandbox.requests-per-second=500",
				"visitflow.bitrix24-sandbox.burst=5000", "visitflow.bitrix24-sandbox.snapshot-file=",
				"visitflow.bitrix24.rate-limit.requests-per-second=500", "visitflow.bitrix24.rate-limit.burst=5000",
				"visitflow.bitrix24.retry.max-attempts=1", "visitflow.bitrix24.retry.initial-backoff=5ms",
				"visitflow.bitrix24.retry.max-backoff=10ms",
				"visitflow.bitrix24.company-fields.coordinates=UF_CRM_1747309879",
				"visitflow.bitrix24.company-fields.opening-hours=UF_CRM_WORK_TIME",
				"visitflow.bitrix24.company-fields.decision-maker=UF_CRM_LPR",
				"visitflow.bitrix24-sandbox.company-fields.more=UF_CRM_SUPPLIER,UF_CRM_VISITS_PER_MONTH:integer",
				"spring.datasource.url=jdbc:h2:mem:visitflow-cards;DB_CLOSE_DELAY=-1" })
@AutoConfigureMockMvc
class CompanyCardFieldsTests extends LifecycleTestSupport {

	private static final RequestPostProcessor ADMIN = httpBasic("admin1", "secret");

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	/** A Thursday after the tests' "now". */
	private static final LocalDate DAY = LocalDate.of(2026, 12, 3);

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Autowired
	private CompanySync companySync;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private CompanyOpeningHours openingHours;

	@Autowired
	private CompanyPositions positions;

	@Autowired
	private InboxProcessor inbox;

	@Autowired
	private Bitrix24 bitrix24;

	@Autowired
	private StageMap stageMap;

	@Autowired
	private ExternalTaskService externalTasks;

	@Autowired
	private Bitrix24Properties properties;

	@Autowired
	private MockMvc mvc;

	private final ObjectMapper json = new ObjectMapper();

	@Autowired
	private IdentityBootstrap identity;

	@BeforeEach
	void checked() {
		this.identity.ensureUser("admin1", "Ad", "Min", "secret", List.of(Role.ADMIN.groupId()));
		this.sandbox.setFailureMode(FailureMode.NONE);
		assertThat(this.companySync.checkFields()).isNull();
	}

	@AfterEach
	void heal() {
		this.sandbox.setFailureMode(FailureMode.NONE);
	}

	private Map<String, Object> portalCompany(long id) {
		return this.sandbox.company(id).orElseThrow();
	}

	private String inn(long companyId) {
		JsonNode rows = this.bitrix24
			.call("crm.requisite.list",
					Map.of("filter", Map.of("ENTITY_TYPE_ID", 4, "ENTITY_ID", companyId), "select", List.of("RQ_INN")))
			.result();
		return rows.get(0).path("RQ_INN").asText();
	}

	@Test
	void customerNamedFieldsAndTheInnAreReadIntoTheMirrorInBatches() {
		long before = this.sandbox.requestCount();
		int companies = this.companySync.importAll();
		long requests = this.sandbox.requestCount() - before;
		assertThat(companies).isEqualTo(300);
		// pages of 50 companies, two batches per page for requisites (with the INN) and
		// addresses, pages of contacts: never a call per company
		assertThat(requests).isLessThanOrEqualTo(30);
		assertThat(this.sandbox.requestCount("crm.requisite.list")).isGreaterThanOrEqualTo(300);

		Map<String, Object> portal = portalCompany(42);
		Company company = this.mirror.company(42).orElseThrow();
		assertThat(portal).doesNotContainKey("UF_CRM_COORDINATES");
		String[] coordinates = String.valueOf(portal.get("UF_CRM_1747309879")).split(",");
		assertThat(company.latitude()).isEqualTo(Double.valueOf(coordinates[0]));
		assertThat(company.longitude()).isEqualTo(Double.valueOf(coordinates[1]));
		assertThat(company.openingHours()).isNotBlank().isEqualTo(portal.get("UF_CRM_WORK_TIME"));
		assertThat(company.decisionMaker()).isNotBlank().isEqualTo(portal.get("UF_CRM_LPR"));
		assertThat(company.productsOfInterest()).isNotBlank().isEqualTo(portal.get("UF_CRM_PRODUCTS"));
		assertThat(company.inn()).matches("\\d{10}|\\d{12}").isEqualTo(inn(42));
		assertThat(this.positions.openingHours(42)).contains(company.openingHours());
	}

	@Test
	void theInnFindsTheCompanyForAnUnplannedVisit() throws Exception {
		this.companySync.refresh(57);
		String inn = inn(57);
		String body = this.mvc.perform(get("/api/field/companies?q=" + inn.substring(0, 8)).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode found = this.json.readTree(body);
		assertThat(found).isNotEmpty();
		assertThat(found.get(0).path("id").asLong()).isEqualTo(57);
		assertThat(found.get(0).path("inn").asText()).isEqualTo(inn);
		this.mvc.perform(get("/api/field/companies?q=" + inn).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value(57));
	}

	@Test
	void theFieldAppsCardEditReachesTheSandboxCompanyAndIsPrefilledNextTime() throws Exception {
		long id = 63;
		this.companySync.refresh(id);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> phonesBefore = (List<Map<String, Object>>) portalCompany(id).get("PHONE");
		Visit visit = this.visits.create(
				new NewVisit(id, null, null, "rep1", "meeting", DAY + "T11:00", null, null, null, VisitOrigin.MANUAL),
				REP1);
		this.mvc.perform(put("/api/companies/" + id).with(ADMIN).contentType(MediaType.APPLICATION_JSON).content("""
				{"phones": ["+7 495 111-22-33"], "openingHours": "пн–пт 8:00–16:00, перерыв 12:00–12:30",
				 "decisionMaker": "Орлова Анна, директор", "productsOfInterest": "сыры, йогурты",
				 "fields": {"UF_CRM_SUPPLIER": "Метро"}}"""))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.company.decisionMaker").value("Орлова Анна, директор"));
		Map<String, Object> portal = portalCompany(id);
		assertThat(portal.get("UF_CRM_WORK_TIME")).isEqualTo("пн–пт 8:00–16:00, перерыв 12:00–12:30");
		assertThat(portal.get("UF_CRM_LPR")).isEqualTo("Орлова Анна, директор");
		assertThat(portal.get("UF_CRM_PRODUCTS")).isEqualTo("сыры, йогурты");
		assertThat(portal.get("UF_CRM_SUPPLIER")).isEqualTo("Метро");
		// the phone changed in place, by its ID
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> phones = (List<Map<String, Object>>) portal.get("PHONE");
		assertThat(phones.get(0).get("ID")).isEqualTo(phonesBefore.get(0).get("ID"));
		assertThat(phones.get(0).get("VALUE")).isEqualTo("+7 495 111-22-33");
		Company mirrored = this.mirror.company(id).orElseThrow();
		assertThat(mirrored.openingHours()).isEqualTo("пн–пт 8:00–16:00, перерыв 12:00–12:30");
		assertThat(mirrored.extraField("UF_CRM_SUPPLIER")).isEqualTo("Метро");

		// the visit screen shows them and the edit form is prefilled with them
		String page = this.mvc.perform(get("/field/visits/" + visit.id()).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Орлова Анна, директор", "сыры, йогурты", "Метро", "Текущий поставщик",
				"value=\"пн–пт 8:00–16:00, перерыв 12:00–12:30\"", "name=\"fields.UF_CRM_SUPPLIER\"", mirrored.inn());

		// a field not configured for editing is refused and nothing changes
		this.mvc
			.perform(put("/api/companies/" + id).with(ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"decisionMaker\": \"Другой\", \"fields\": {\"UF_CRM_SECRET\": \"x\"}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("fields.UF_CRM_SECRET"));
		assertThat(portalCompany(id).get("UF_CRM_LPR")).isEqualTo("Орлова Анна, директор");
		// an empty text clears the field
		this.mvc
			.perform(put("/api/companies/" + id).with(ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"productsOfInterest\": \"\"}"))
			.andExpect(status().isOk());
		assertThat(portalCompany(id).get("UF_CRM_PRODUCTS")).isIn("", null);
		assertThat(this.mirror.company(id).orElseThrow().productsOfInterest()).isNull();
	}

	@Test
	void openingHoursSetInVisitflowGoToTheCardAndWaitWhileBitrix24IsDown() throws Exception {
		long id = 71;
		this.companySync.refresh(id);
		this.mvc
			.perform(put("/api/map/companies/" + id + "/opening-hours").with(ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"openingHours\": \"пн-сб 10:00-19:00\"}"))
			.andExpect(status().isOk());
		assertThat(portalCompany(id).get("UF_CRM_WORK_TIME")).isEqualTo("пн-сб 10:00-19:00");
		assertThat(this.positions.openingHours(id)).contains("пн-сб 10:00-19:00");

		// Bitrix24 down: kept in the mirror, not overwritten by the sync, written later
		this.sandbox.setFailureMode(FailureMode.OUTAGE);
		this.mvc
			.perform(put("/api/map/companies/" + id + "/opening-hours").with(ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"openingHours\": \"ежедневно 9:00-21:00\"}"))
			.andExpect(status().isOk());
		this.sandbox.setFailureMode(FailureMode.NONE);
		assertThat(portalCompany(id).get("UF_CRM_WORK_TIME")).isEqualTo("пн-сб 10:00-19:00");
		this.companySync.refresh(id);
		assertThat(this.positions.openingHours(id)).contains("ежедневно 9:00-21:00");
		assertThat(this.openingHours.retryPending()).isEqualTo(1);
		assertThat(portalCompany(id).get("UF_CRM_WORK_TIME")).isEqualTo("ежедневно 9:00-21:00");
		// no longer pending: the card's next change is taken
		this.sandbox.updateCompany(id, Bitrix24Sandbox.DEFAULT_PERSON_ID, Map.of("UF_CRM_WORK_TIME", "пн-пт 9-18"));
		this.companySync.refresh(id);
		assertThat(this.positions.openingHours(id)).contains("пн-пт 9-18");
	}

	@Test
	void openingHoursEditedInBitrix24ReachTheRoutesWindow() throws Exception {
		long id = 88;
		this.companySync.refresh(id);
		this.inbox.processPending();
		this.sandbox.updateCompany(id, Bitrix24Sandbox.DEFAULT_PERSON_ID,
				Map.of("UF_CRM_WORK_TIME", "пн-пт 15:00-18:00, сб-вс выходной", "UF_CRM_NOT_DEFINED", "dropped"));
		assertThat(portalCompany(id)).doesNotContainKey("UF_CRM_NOT_DEFINED");
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!this.positions.openingHours(id).orElse("").startsWith("пн-пт 15") && System.nanoTime() < deadline) {
			// the event arrives over HTTP; the inbox reads the company again
			this.inbox.processPending();
			Thread.onSpinWait();
		}
		assertThat(this.positions.openingHours(id)).contains("пн-пт 15:00-18:00, сб-вс выходной");
		Visit visit = this.visits.create(new NewVisit(id, null, null, "rep1", "merchandising", DAY + "T10:00", null,
				null, null, VisitOrigin.MANUAL), REP1);
		Company company = this.mirror.company(id).orElseThrow();
		String body = this.mvc
			.perform(get("/api/routes/day?date=" + DAY + "&startLatitude=" + company.latitude() + "&startLongitude="
					+ company.longitude())
				.with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode stop = null;
		for (JsonNode candidate : this.json.readTree(body).path("stops")) {
			if (candidate.path("visitId").asText().equals(visit.id().toString())) {
				stop = candidate;
			}
		}
		assertThat(stop).as("the visit's stop in %s", body).isNotNull();
		assertThat(LocalTime.parse(stop.path("start").asText())).isAfterOrEqualTo(LocalTime.of(15, 0));
	}

	@Test
	void aPersonEditsTheCardsUserFieldsOnTheSandboxPage() throws Exception {
		this.mvc.perform(get("/bitrix24-sandbox").param("as", "1").param("company", "95").with(user("head1")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Режим работы (UF_CRM_WORK_TIME)")))
			.andExpect(content().string(containsString("name=\"UF_CRM_LPR\"")));
		this.mvc
			.perform(post("/bitrix24-sandbox/companies/{id}", 95).param("as", "1")
				.param("title", String.valueOf(portalCompany(95).get("TITLE")))
				.param("UF_CRM_WORK_TIME", "вт-сб 11:00-20:00")
				.with(user("head1"))
				.with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(portalCompany(95).get("UF_CRM_WORK_TIME")).isEqualTo("вт-сб 11:00-20:00");
		assertThat(portalCompany(95).get("MODIFY_BY_ID")).isEqualTo("1");
	}

	@Test
	void missingAndMistypedCompanyFieldsAreNamedInHealthWithCandidates() {
		CompanySync wrong = new CompanySync(this.bitrix24, this.mirror,
				new Bitrix24Properties.CompanyFields("UF_CRM_GEO", "UF_CRM_VISITS_PER_MONTH", "UF_CRM_LPR", null,
						List.of(new Bitrix24Properties.ExtraField("UF_CRM_NOPE", null, null))));
		String problem = wrong.checkFields();
		assertThat(problem).contains("the company has no field UF_CRM_GEO",
				"visitflow.bitrix24.company-fields.coordinates", "UF_CRM_1747309879 \"Координаты (широта, долгота)\"",
				"the company field UF_CRM_VISITS_PER_MONTH (visitflow.bitrix24.company-fields.opening-hours) is of "
						+ "type integer",
				"UF_CRM_WORK_TIME \"Режим работы\" (string)", "UF_CRM_NOPE");
		// what fits is still used; what does not is left out
		assertThat(wrong.fields().decisionMaker().name()).isEqualTo("UF_CRM_LPR");
		assertThat(wrong.fields().openingHours()).isNull();
		Health health = new Bitrix24Health(this.stageMap, this.externalTasks, this.inbox, this.properties, wrong)
			.health();
		assertThat(String.valueOf(health.getDetails().get("companyFieldsProblem"))).contains("UF_CRM_GEO",
				"UF_CRM_VISITS_PER_MONTH", "UF_CRM_NOPE");
		// the configured, fitting fields: nothing to report
		assertThat(new Bitrix24Health(this.stageMap, this.externalTasks, this.inbox, this.properties, this.companySync)
			.health()
			.getDetails()).doesNotContainKey("companyFieldsProblem");
	}

}
