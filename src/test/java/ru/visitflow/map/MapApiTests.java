package ru.visitflow.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.company.LocationProposals;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The marker API and the map's actions over HTTP: who sees which companies, clusters at
 * zoom boundaries, filters, colours from visit history, the popup, planning from it, and
 * 403/400 where they belong.
 */
@AutoConfigureMockMvc
class MapApiTests extends LifecycleTestSupport {

	private static final RequestPostProcessor REP1_LOGIN = httpBasic("rep1", "secret");

	private static final RequestPostProcessor REP3_LOGIN = httpBasic("rep3", "secret");

	private static final RequestPostProcessor HEAD_LOGIN = httpBasic("head1", "secret");

	private static final AtomicLong ids = new AtomicLong(7_700_000 + System.nanoTime() % 100_000);

	private static final AtomicLong spots = new AtomicLong();

	/**
	 * A quiet corner of the map (the Arctic ocean at 80N), one per test, so no other
	 * companies are there.
	 */
	private static final double LAT = 80.0;

	private double lon;

	private String bbox;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private MarkerIndex index;

	@Autowired
	private LocationProposals proposals;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JdbcTemplate jdbcTemplate;

	@Autowired
	private IdentityBootstrap identity;

	private final ObjectMapper json = new ObjectMapper();

	private long rep1Near;

	private long rep1Close;

	private long rep2Company;

	private long rep3Company;

	@BeforeEach
	void companies() {
		this.lon = 20 + 2 * spots.incrementAndGet();
		this.bbox = (this.lon - 0.5) + "," + (LAT - 0.5) + "," + (this.lon + 0.5) + "," + (LAT + 0.5);
		String region = "Тестовый край " + ids.get();
		this.rep1Near = company(2L, LAT, this.lon, region);
		// about 10 m away: one cluster at low zoom, two markers from the cluster zoom on
		this.rep1Close = company(2L, LAT + 0.0001, this.lon + 0.0001, region);
		this.rep2Company = company(3L, LAT + 0.2, this.lon + 0.2, "Другой край");
		this.rep3Company = company(5L, LAT - 0.2, this.lon - 0.2, region);
		this.index.invalidate();
	}

	private long company(long owner, double lat, double lon, String region) {
		long id = ids.incrementAndGet();
		this.mirror.save(new Company(id, "ООО «Карта " + id + "»", owner, List.of("+7 495 000-00-00"), List.of(),
				"ул. Полярная, " + id, "Полярный", region, null, "Россия", lat, lon, Instant.now()));
		return id;
	}

	private JsonNode markers(String query, RequestPostProcessor login) throws Exception {
		String body = this.mvc.perform(get("/api/map/markers?" + query).with(login))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return this.json.readTree(body);
	}

	/** Company id → colour of the single markers in the answer. */
	private static Map<Long, Integer> singles(JsonNode answer) {
		Map<Long, Integer> singles = new HashMap<>();
		answer.path("markers").forEach((m) -> singles.put(m.get(0).asLong(), m.get(3).asInt()));
		return singles;
	}

	@Test
	void aRepSeesOnlyTheirTerritoryAndASupervisorTheTeams() throws Exception {
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18", REP1_LOGIN)).keySet())
			.containsExactlyInAnyOrder(this.rep1Near, this.rep1Close);
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18", HEAD_LOGIN)).keySet())
			.containsExactlyInAnyOrder(this.rep1Near, this.rep1Close, this.rep2Company);
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18", REP3_LOGIN)).keySet())
			.containsExactly(this.rep3Company);
		// a rep may not look at another rep's companies through the filter
		this.mvc.perform(get("/api/map/markers?bbox=" + this.bbox + "&zoom=10&rep=rep2").with(REP1_LOGIN))
			.andExpect(status().isForbidden());
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18&rep=rep2", HEAD_LOGIN)).keySet())
			.containsExactly(this.rep2Company);
		// the popup follows the same rule
		this.mvc.perform(get("/api/map/companies/" + this.rep2Company).with(REP1_LOGIN))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/map/companies/" + this.rep1Near).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.title").value("ООО «Карта " + this.rep1Near + "»"))
			.andExpect(jsonPath("$.source").value("BITRIX24"))
			.andExpect(jsonPath("$.cardUrl").value("/bitrix24-sandbox?company=" + this.rep1Near));
	}

	@Test
	void administratorsAndSupervisorsFilterByRepAlsoInClusters() throws Exception {
		this.identity.ensureUser("mapadmin", "Админ", "Карты", "secret", List.of(Role.ADMIN.groupId()));
		RequestPostProcessor admin = httpBasic("mapadmin", "secret");
		// an administrator sees every rep's companies, and one rep's through the filter
		JsonNode all = markers("bbox=" + this.bbox + "&zoom=8", admin);
		assertThat(all.path("total").asInt()).isEqualTo(4);
		JsonNode rep1 = markers("bbox=" + this.bbox + "&zoom=8&rep=rep1", admin);
		assertThat(rep1.path("total").asInt()).isEqualTo(2);
		// clustered: the rep's two close companies are one cluster of 2, nobody else's
		// are counted
		int counted = rep1.path("markers").size();
		for (JsonNode cluster : rep1.path("clusters")) {
			counted += cluster.get(2).asInt();
		}
		assertThat(counted).isEqualTo(2);
		assertThat(markers("bbox=" + this.bbox + "&zoom=10&rep=rep1", admin).path("clusters").get(0).get(2).asInt())
			.isEqualTo(2);
		JsonNode rep3 = markers("bbox=" + this.bbox + "&zoom=8&rep=rep3", admin);
		assertThat(rep3.path("total").asInt()).isEqualTo(1);
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18&rep=rep3", admin)).keySet())
			.containsExactly(this.rep3Company);
		// a supervisor filters within the team only
		assertThat(markers("bbox=" + this.bbox + "&zoom=8&rep=rep2", HEAD_LOGIN).path("total").asInt()).isEqualTo(1);
		this.mvc.perform(get("/api/map/markers?bbox=" + this.bbox + "&zoom=8&rep=rep3").with(HEAD_LOGIN))
			.andExpect(status().isForbidden());
		// a rep cannot use the filter to look into another territory, clustered or not
		this.mvc.perform(get("/api/map/markers?bbox=" + this.bbox + "&zoom=8&rep=rep3").with(REP1_LOGIN))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/map/markers?bbox=" + this.bbox + "&zoom=18&rep=rep2").with(REP1_LOGIN))
			.andExpect(status().isForbidden());
		assertThat(markers("bbox=" + this.bbox + "&zoom=8&rep=rep1", REP1_LOGIN).path("total").asInt()).isEqualTo(2);
		this.mvc.perform(get("/api/map/markers?bbox=" + this.bbox + "&zoom=8&rep=nobody").with(admin))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("rep"));
		// the page offers the filter to administrators (every rep) and supervisors, not
		// to reps
		String adminPage = this.mvc.perform(get("/map").with(admin)).andReturn().getResponse().getContentAsString();
		assertThat(adminPage).contains("value=\"rep1\"", "value=\"rep3\"");
		String headPage = this.mvc.perform(get("/map").with(HEAD_LOGIN)).andReturn().getResponse().getContentAsString();
		assertThat(headPage).contains("value=\"rep1\"", "value=\"rep2\"").doesNotContain("value=\"rep3\"");
		String repPage = this.mvc.perform(get("/map").with(REP1_LOGIN)).andReturn().getResponse().getContentAsString();
		assertThat(repPage).doesNotContain("<select name=\"rep\">");
	}

	@Test
	void nearbyCompaniesClusterBelowTheClusterZoomOnly() throws Exception {
		JsonNode low = markers("bbox=" + this.bbox + "&zoom=10", REP1_LOGIN);
		assertThat(low.path("total").asInt()).isEqualTo(2);
		assertThat(low.path("markers")).isEmpty();
		assertThat(low.path("clusters")).hasSize(1);
		assertThat(low.path("clusters").get(0).get(2).asInt()).isEqualTo(2);
		// from the cluster zoom on, every company is its own marker
		JsonNode high = markers("bbox=" + this.bbox + "&zoom=15", REP1_LOGIN);
		assertThat(high.path("clusters")).isEmpty();
		assertThat(high.path("markers")).hasSize(2);
		// a viewport that leaves one of them out
		assertThat(singles(markers("bbox=" + (this.lon - 0.00005) + "," + (LAT - 0.00005) + "," + (this.lon + 0.00005)
				+ "," + (LAT + 0.00005) + "&zoom=18", REP1_LOGIN))
			.keySet()).containsExactly(this.rep1Near);
	}

	@Test
	void coloursFollowTheVisitHistoryAndFiltersSelect() throws Exception {
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18", REP1_LOGIN))).containsEntry(this.rep1Near,
				MarkerColour.NONE.code());
		// a visit planned from the popup: blue at once
		this.mvc
			.perform(post("/api/map/companies/" + this.rep1Near + "/visits").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"plannedStart\": \"2026-12-20T11:00\", \"visitType\": \"merchandising\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.stage").value("DRAFT"));
		// a completed visit: yellow
		Visit done = this.visits.create(new NewVisit(this.rep1Close, "ООО «Карта»", null, "rep1", "meeting",
				"2026-12-02T10:00", null, null, null, VisitOrigin.MANUAL), REP1);
		this.visits.complete(done.id(), new VisitResult(VisitOutcome.AGREEMENT_REACHED, "ok", null), REP1);
		this.index.invalidate();
		Map<Long, Integer> colours = singles(markers("bbox=" + this.bbox + "&zoom=18", REP1_LOGIN));
		assertThat(colours).containsEntry(this.rep1Near, MarkerColour.PLANNED.code())
			.containsEntry(this.rep1Close, MarkerColour.RECENT.code());
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18&visitType=merchandising", REP1_LOGIN)).keySet())
			.containsExactly(this.rep1Near);
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18&stage=COMPLETED", REP1_LOGIN)).keySet())
			.containsExactly(this.rep1Close);
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18&lastVisit=RECENT", REP1_LOGIN)).keySet())
			.containsExactly(this.rep1Close);
		assertThat(singles(markers("bbox=" + this.bbox + "&zoom=18&region=Другой край", HEAD_LOGIN)).keySet())
			.containsExactly(this.rep2Company);
		this.mvc.perform(get("/api/map/companies/" + this.rep1Close).with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.lastVisit.stage").value("COMPLETED"))
			.andExpect(jsonPath("$.colour").value(MarkerColour.RECENT.code()));
	}

	@Test
	void manyCompaniesComeAsAFewClustersInASmallAnswer() throws Exception {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			rows.add(new Object[] { ids.incrementAndGet(), "ООО «Много»", 2L, LAT - 0.3 + (i % 60) * 0.01,
					this.lon - 0.3 + (i / 60) * 0.012, Timestamp.from(Instant.now()) });
		}
		this.jdbcTemplate.batchUpdate(
				"insert into company (id, title, assigned_by_id, latitude, longitude, synced_at) values (?, ?, ?, ?, ?, ?)",
				rows);
		this.index.invalidate();
		String body = this.mvc.perform(get("/api/map/markers?bbox=" + this.bbox + "&zoom=6").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode answer = this.json.readTree(body);
		assertThat(answer.path("total").asInt()).isEqualTo(3002);
		assertThat(answer.path("clusters").size() + answer.path("markers").size()).isLessThan(20);
		assertThat(body.length()).isLessThan(1500);
		// the clusters account for every company
		int counted = answer.path("markers").size();
		for (JsonNode cluster : answer.path("clusters")) {
			counted += cluster.get(2).asInt();
		}
		assertThat(counted).isEqualTo(3002);
	}

	@Test
	void badInputIsA400WithTheField() throws Exception {
		this.mvc.perform(get("/api/map/markers?bbox=1,2,3&zoom=5").with(REP1_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("bbox"));
		this.mvc.perform(get("/api/map/markers?bbox=0,60,10,50&zoom=5").with(REP1_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("bbox"));
		this.mvc.perform(get("/api/map/markers?bbox=" + this.bbox).with(REP1_LOGIN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("zoom"));
		this.mvc.perform(get("/api/map/markers?bbox=" + this.bbox + "&zoom=5&stage=NOPE").with(REP1_LOGIN))
			.andExpect(status().isBadRequest());
		this.mvc
			.perform(put("/api/map/companies/" + this.rep1Near + "/position").with(HEAD_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"latitude\": 95, \"longitude\": 37}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("latitude"));
	}

	@Test
	void repsMayNotCorrectPositionsOrDecideProposals() throws Exception {
		this.mvc
			.perform(put("/api/map/companies/" + this.rep1Near + "/position").with(REP1_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"latitude\": 80.01, \"longitude\": 100.01}"))
			.andExpect(status().isForbidden());
		this.proposals.propose(this.rep1Near, 80.0002, 100.0002, 25, "visit-1");
		long proposal = this.jdbc.sql("select max(id) from location_proposal where company_id = ?")
			.param(this.rep1Near)
			.query(Long.class)
			.single();
		this.mvc.perform(post("/api/map/proposals/" + proposal + "/approve").with(REP1_LOGIN))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/map/proposals/" + proposal + "/reject").with(REP1_LOGIN))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/map/proposals").with(HEAD_LOGIN))
			.andExpect(status().isOk())
			.andExpect(
					jsonPath("$[?(@.id == " + proposal + ")].companyId").value(Matchers.hasItem((int) this.rep1Near)));
		this.mvc.perform(post("/api/map/proposals/" + proposal + "/reject").with(HEAD_LOGIN))
			.andExpect(status().isNoContent());
		this.mvc.perform(post("/api/map/proposals/" + proposal + "/reject").with(HEAD_LOGIN))
			.andExpect(status().isConflict());
		this.mvc.perform(post("/api/map/geocoding").with(REP1_LOGIN)).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/map/proposals").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(0));
	}

	@Test
	void theMapPageRendersInBothLanguages() throws Exception {
		String ru = this.mvc.perform(get("/map").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(ru).contains("Карта компаний", "leaflet.js", "Фильтры");
		String en = this.mvc.perform(get("/map?lang=en").with(REP1_LOGIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(en).contains("Company map", "Filters");
		List<String> scripts = new ArrayList<>();
		for (String path : List.of("/map/map.js", "/webjars/leaflet/1.9.4/dist/leaflet.js")) {
			int code = this.mvc.perform(get(path).with(REP1_LOGIN)).andReturn().getResponse().getStatus();
			scripts.add(path + " " + code);
		}
		assertThat(scripts).containsExactly("/map/map.js 200", "/webjars/leaflet/1.9.4/dist/leaflet.js 200");
	}

}
