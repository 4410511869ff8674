package ru.visitflow.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserPlaces;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The rep's office and home live in their profile: set through the profiles API (or the
 * old start-point endpoint, an alias for the office), and the day's route starts and ends
 * there unless the current position is given.
 */
@AutoConfigureMockMvc
class ProfilePlacesTests extends LifecycleTestSupport {

	private static final String REP = "placesrep";

	private static final RequestPostProcessor LOGIN = httpBasic(REP, "secret");

	private static final RequestPostProcessor REP2_LOGIN = httpBasic("rep2", "secret");

	private static final AtomicLong ids = new AtomicLong(1_320_000_000L + System.nanoTime() % 100_000);

	private static final LocalDate DAY = LocalDate.of(2026, 12, 9);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private UserDirectory users;

	private final ObjectMapper json = new ObjectMapper();

	@BeforeEach
	void rep() {
		this.identity.ensureUser(REP, "Пётр", "Местов", "secret", List.of(Role.REP.groupId()));
		this.users.saveProfile(new UserProfile(REP, 941L, MOSCOW, "head1", "Москва"));
		this.users.savePlaces(REP, UserPlaces.NONE);
	}

	private JsonNode route(String query) throws Exception {
		return this.json.readTree(this.mvc.perform(get("/api/routes/day?date=" + DAY + query).with(LOGIN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	@Test
	void theRouteStartsAndEndsAtTheProfilesPlaces() throws Exception {
		long id = ids.incrementAndGet();
		this.mirror.save(new Company(id, "ООО «Место " + id + "»", 941L, List.of(), List.of(), "ул. Местная, 1",
				"Москва", "Москва", null, "Россия", 55.76, 37.62, Instant.now()));
		this.visits.create(new NewVisit(id, "ООО «Место»", null, REP, "merchandising", DAY + "T11:00", null, null, null,
				VisitOrigin.MANUAL), new Actor(REP, Set.of(Role.REP)));
		// nothing in the profile: from the first visit
		assertThat(route("").path("startFrom").asText()).isEqualTo("FIRST_VISIT");
		this.mvc
			.perform(put("/api/users/" + REP + "/profile/places").with(LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"office": {"latitude": 55.70, "longitude": 37.50, "address": "Москва, Офисная, 1"},
						 "home": {"latitude": 55.80, "longitude": 37.70, "address": "Москва, Домашняя, 2"},
						 "routeStart": "HOME", "routeEnd": "OFFICE"}"""))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.places.office.address").value("Москва, Офисная, 1"))
			.andExpect(jsonPath("$.places.routeStart").value("HOME"));
		this.mvc.perform(get("/api/me").with(LOGIN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.places.home.latitude").value(55.80));
		JsonNode fromHome = route("");
		assertThat(fromHome.path("startFrom").asText()).isEqualTo("HOME");
		assertThat(fromHome.path("startLatitude").asDouble()).isEqualTo(55.80);
		assertThat(fromHome.path("endLatitude").asDouble()).isEqualTo(55.70);
		String link = fromHome.path("links").get(0).asText();
		assertThat(link).startsWith("https://yandex.ru/maps/?rtext=55.800000,37.700000~")
			.endsWith("~55.700000,37.500000&rtt=auto");
		// the current position replaces the start; the day still ends at the office
		JsonNode fromHere = route("&startLatitude=55.75&startLongitude=37.61");
		assertThat(fromHere.path("startFrom").asText()).isEqualTo("CURRENT");
		assertThat(fromHere.path("startLatitude").asDouble()).isEqualTo(55.75);
		assertThat(fromHere.path("endLatitude").asDouble()).isEqualTo(55.70);
		// the old endpoint is an alias: it moves the office in the profile
		this.mvc
			.perform(put("/api/routes/start-point").with(LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"latitude\": 55.71, \"longitude\": 37.51, \"label\": \"Новый офис\"}"))
			.andExpect(status().isNoContent());
		UserPlaces places = this.users.places(REP);
		assertThat(places.office()).isEqualTo(new UserPlaces.Place(55.71, 37.51, "Новый офис"));
		assertThat(places.home().latitude()).isEqualTo(55.80);
		assertThat(route("").path("endLatitude").asDouble()).isEqualTo(55.71);
	}

	@Test
	void onlyTheUserTheirSupervisorOrAnAdministratorSetsThemAndBadValuesAre400() throws Exception {
		String body = "{\"office\": {\"latitude\": 55.7, \"longitude\": 37.5}}";
		this.mvc
			.perform(put("/api/users/" + REP + "/profile/places").with(REP2_LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/users/" + REP + "/profile/places").with(httpBasic("head1", "secret"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isOk());
		this.mvc
			.perform(put("/api/users/" + REP + "/profile/places").with(LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"office\": {\"latitude\": 95, \"longitude\": 37.5}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("office.latitude"));
		this.mvc
			.perform(put("/api/users/" + REP + "/profile/places").with(LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"office\": {\"latitude\": 55.7}}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("office.longitude"));
		this.mvc
			.perform(put("/api/users/" + REP + "/profile/places").with(LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"office\": {\"latitude\": 55.7, \"longitude\": 37.5}, \"routeStart\": \"HOME\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("routeStart"));
		this.mvc
			.perform(put("/api/routes/start-point").with(LOGIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"latitude\": 55.7}"))
			.andExpect(status().isBadRequest());
		// the rejected changes changed nothing
		assertThat(this.users.places(REP).office()).isEqualTo(new UserPlaces.Place(55.7, 37.5, null));
		assertThat(this.users.places(REP).routeStart()).isNull();
	}

}
