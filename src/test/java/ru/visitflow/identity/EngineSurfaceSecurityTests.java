package ru.visitflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleModel;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The engine's own surfaces on a real server: engine REST (HTTP Basic), Tasklist's API
 * (the webapp session with Camunda's CSRF token), the webapp login. A rep cannot steer
 * another rep's visit through a task, a supervisor sees only their team, and wrong
 * passwords slow an address down without ever locking the account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EngineSurfaceSecurityTests extends LifecycleTestSupport {

	private static final Actor REP3 = new Actor("rep3", Set.of(Role.REP));

	@LocalServerPort
	private int port;

	@Autowired
	private IdentityService identityService;

	@Autowired
	private IdentityBootstrap identity;

	private final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	// ---- item 1: a task completion cannot carry another visit ----

	@Test
	void engineRestCompletionWithAForeignVisitIdIsRefusedAndChangesNothing() throws Exception {
		Visit own = plan(REP1, "2026-12-01T12:00");
		Visit foreign = plan(REP2, "2026-12-01T15:00");
		Task task = task(own);
		String body = """
				{"variables": {"visitId": {"value": "%s"}, "outcome": {"value": "AGREEMENT_REACHED"}}}
				""".formatted(foreign.id());

		HttpResponse<String> refused = send(
				basic("POST", rest() + "/task/" + task.getId() + "/complete", "rep1", "secret", body));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("visitId").contains("outcome");
		HttpResponse<String> refusedForm = send(
				basic("POST", rest() + "/task/" + task.getId() + "/submit-form", "rep1", "secret", body));
		assertThat(refusedForm.statusCode()).isEqualTo(400);
		HttpResponse<String> refusedVariable = send(
				basic("PUT", rest() + "/task/" + task.getId() + "/variables/visitId", "rep1", "secret",
						"{\"value\": \"" + foreign.id() + "\"}"));
		assertThat(refusedVariable.statusCode()).isEqualTo(400);

		assertThat(reload(own).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(reload(foreign).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(task(own)).isNotNull();
		assertReadModelAgreesWithEngine(own);
		assertReadModelAgreesWithEngine(foreign);

		HttpResponse<String> done = send(basic("POST", rest() + "/task/" + task.getId() + "/complete", "rep1", "secret",
				"{\"variables\": {\"outcome\": {\"value\": \"AGREEMENT_REACHED\"}}}"));
		assertThat(done.statusCode()).isEqualTo(204);
		assertThat(reload(own).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(reload(own).outcome()).isNotNull();
		assertThat(reload(foreign).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(reload(foreign).outcome()).isNull();
	}

	@Test
	void tasklistApiSubmissionWithAForeignVisitIdIsRefused() throws Exception {
		Visit own = plan(REP1, "2026-12-01T12:00");
		Visit foreign = plan(REP2, "2026-12-01T15:00");
		Task task = task(own);
		Webapp tasklist = new Webapp();
		assertThat(tasklist.login("rep1", "secret").statusCode()).isEqualTo(200);
		String body = """
				{"variables": {"visitId": {"value": "%s"}, "outcome": {"value": "AGREEMENT_REACHED"}}}
				""".formatted(foreign.id());

		HttpResponse<String> refused = tasklist.post(tasklistApi() + "/task/" + task.getId() + "/submit-form", body);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("visitId");
		assertThat(tasklist.post(tasklistApi() + "/task/" + task.getId() + "/complete", body).statusCode())
			.isEqualTo(400);
		assertThat(reload(own).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(reload(foreign).stage()).isEqualTo(VisitStage.IN_WORK);

		HttpResponse<String> done = tasklist.post(tasklistApi() + "/task/" + task.getId() + "/submit-form",
				"{\"variables\": {\"outcome\": {\"value\": \"NO_DECISION\"}, \"resultNotes\": {\"value\": \"ok\"}}}");
		assertThat(done.statusCode()).isEqualTo(204);
		assertThat(reload(own).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(reload(foreign).stage()).isEqualTo(VisitStage.IN_WORK);
	}

	@Test
	void stepsFindTheirVisitByTheBusinessKeyNotByAVariable() {
		Visit own = plan(REP1, "2026-12-01T12:00");
		Visit foreign = plan(REP2, "2026-12-01T15:00");
		// even if the variable were changed (an administrator in Cockpit), the instance
		// keeps its visit
		this.runtimeService.setVariable(pid(own), LifecycleModel.VISIT_ID, foreign.id().toString());
		this.taskService.complete(task(own).getId(), Map.of(LifecycleModel.OUTCOME, "AGREEMENT_REACHED"));
		assertThat(reload(own).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(reload(foreign).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(reload(foreign).outcome()).isNull();
	}

	// ---- item 2: a supervisor sees and acts only on their team ----

	@Test
	void aSecondSupervisorSeesAndActsOnlyOnTheirTeam() throws Exception {
		this.identity.ensureUser("admin9", "Admin", "Nine", "secret", List.of(Role.ADMIN.groupId(), "camunda-admin"));
		// created as an administrator would: in Camunda Admin, in supervisors, then a
		// profile for the rep
		if (this.identityService.createUserQuery().userId("head2").count() == 0) {
			var head2 = this.identityService.newUser("head2");
			head2.setPassword("secret");
			head2.setFirstName("Pavel");
			head2.setLastName("Orlov");
			this.identityService.saveUser(head2);
			this.identityService.createMembership("head2", Role.SUPERVISOR.groupId());
		}
		assertThat(send(basic("PUT", "/api/users/rep3/profile", "admin9", "secret",
				"{\"timeZone\": \"Europe/Moscow\", \"supervisorId\": \"head2\", \"bitrix24UserId\": 5}"))
			.statusCode()).isEqualTo(200);
		Visit request1 = plan(HEAD, "rep1", "2026-12-20T11:00", VisitOrigin.PLAN);
		Visit visit3 = plan(REP3, "2026-12-01T12:00");

		assertThat(instancesSeenBy("head2", request1)).isZero();
		assertThat(instancesSeenBy("head2", visit3)).isEqualTo(1);
		JsonNode all = this.json.readTree(send(
				basic("GET", rest() + "/process-instance?processDefinitionKey=VisitLifecycle", "head2", "secret", null))
			.body());
		assertThat(all).isNotEmpty();
		all.forEach((instance) -> assertThat(instance.get("businessKey").asText()).isEqualTo(visit3.id().toString()));
		assertThat(count("head2", rest() + "/history/process-instance?processInstanceBusinessKey=" + request1.id()))
			.isZero();
		assertThat(count("head2", rest() + "/variable-instance?processInstanceIdIn=" + pid(request1))).isZero();
		assertThat(count("head2", rest() + "/history/variable-instance?processInstanceId=" + pid(request1))).isZero();
		assertThat(count("head2", rest() + "/task?processInstanceBusinessKey=" + request1.id())).isZero();
		assertThat(count("head2", rest() + "/history/process-instance?processInstanceBusinessKey=" + visit3.id()))
			.isEqualTo(1);
		assertThat(count("head1", rest() + "/process-instance?businessKey=" + request1.id())).isEqualTo(1);
		assertThat(count("head1", rest() + "/process-instance?businessKey=" + visit3.id())).isZero();

		String review = task(request1).getId();
		HttpResponse<String> foreignApproval = send(basic("POST", rest() + "/task/" + review + "/complete", "head2",
				"secret", "{\"variables\": {\"reviewStatus\": {\"value\": \"APPROVED\"}}}"));
		assertThat(foreignApproval.statusCode()).isIn(403, 404);
		assertThat(instance(request1)).isNotNull();
		assertThat(task(request1).getTaskDefinitionKey()).isEqualTo(LifecycleModel.TASK_REVIEW_VISIT_REQUEST);
		assertThat(send(basic("POST", rest() + "/task/" + review + "/complete", "head1", "secret",
				"{\"variables\": {\"reviewStatus\": {\"value\": \"APPROVED\"}}}"))
			.statusCode()).isEqualTo(204);

		// the team changes: rep3 moves to head1, and the engine follows at once
		assertThat(send(basic("PUT", "/api/users/rep3/profile", "admin9", "secret",
				"{\"timeZone\": \"Europe/Moscow\", \"supervisorId\": \"head1\", \"bitrix24UserId\": 5}"))
			.statusCode()).isEqualTo(200);
		assertThat(instancesSeenBy("head2", visit3)).isZero();
		assertThat(instancesSeenBy("head1", visit3)).isEqualTo(1);
		assertThat(send(basic("PUT", "/api/users/rep3/profile", "admin9", "secret",
				"{\"timeZone\": \"Europe/Moscow\", \"bitrix24UserId\": 5}"))
			.statusCode()).isEqualTo(200);
	}

	private long instancesSeenBy(String user, Visit visit) throws Exception {
		return count(user, rest() + "/process-instance?businessKey=" + visit.id());
	}

	private long count(String user, String path) throws Exception {
		HttpResponse<String> response = send(basic("GET", path, user, "secret", null));
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return this.json.readTree(response.body()).size();
	}

	// ---- item 3: throttling by address and user, never a locked account ----

	@Test
	void wrongPasswordsThrottleTheAddressForAWhileButNeverLockTheAccount() throws Exception {
		this.identity.ensureUser("rep8", "Rep", "Eight", "secret", List.of(Role.REP.groupId()));
		for (int i = 0; i < 5; i++) {
			assertThat(send(basic("GET", "/api/me", "rep8", "wrong" + i, null)).statusCode()).isEqualTo(401);
		}
		HttpResponse<String> throttled = send(basic("GET", "/api/me", "rep8", "secret", null));
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
		assertThat(send(basic("GET", rest() + "/task", "rep8", "secret", null)).statusCode()).isEqualTo(429);
		// the webapps share the app's login form, which refuses the right password while
		// throttled
		assertThat(new Webapp().login("rep8", "secret").statusCode()).isEqualTo(401);

		// the lock expires by itself
		ClockUtil.setCurrentTime(Date.from(START.plusSeconds(61)));
		assertThat(send(basic("GET", "/api/me", "rep8", "secret", null)).statusCode()).isEqualTo(200);
		assertThat(send(basic("GET", rest() + "/task", "rep8", "secret", null)).statusCode()).isEqualTo(200);

		// the login form counts too
		Webapp webapp = new Webapp();
		for (int i = 0; i < 5; i++) {
			assertThat(webapp.login("rep8", "wrong" + i).statusCode()).isEqualTo(401);
		}
		assertThat(webapp.login("rep8", "secret").statusCode()).isEqualTo(401);
		assertThat(send(basic("GET", "/api/me", "rep8", "secret", null)).statusCode()).isEqualTo(429);
		ClockUtil.setCurrentTime(Date.from(START.plusSeconds(61 + 121)));
		assertThat(new Webapp().login("rep8", "secret").statusCode()).isEqualTo(200);

		// the engine itself never locks the account, however many wrong passwords reach
		// it
		for (int i = 0; i < 25; i++) {
			assertThat(this.identityService.checkPassword("rep8", "wrong")).isFalse();
		}
		assertThat(this.identityService.checkPassword("rep8", "secret")).isTrue();
	}

	// ---- one login for the app and the webapps ----

	@Test
	void oneLoginServesTheAppAndTheWebappsAndSigningOutOfAWebappEndsIt() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/camunda/app/tasklist/" + engineName() + "/"))
			.header("Accept", "text/html,application/xhtml+xml")
			.GET()).statusCode()).as("a webapp page without a login goes to the app's login page").isEqualTo(302);
		assertThat(send(HttpRequest.newBuilder(uri(tasklistApi() + "/task")).GET()).statusCode()).isEqualTo(401);
		assertThat(send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/" + engineName() + "/login/tasklist"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=rep1&password=secret"))).statusCode())
			.as("the webapps' own login form is closed")
			.isIn(401, 403);

		Webapp browser = new Webapp();
		HttpResponse<String> whoAmI = browser.login("rep1", "secret");
		assertThat(whoAmI.statusCode()).isEqualTo(200);
		assertThat(whoAmI.body()).contains("\"userId\":\"rep1\"").contains("tasklist");
		assertThat(browser.get("/api/me").statusCode()).isEqualTo(200);

		browser.post("/camunda/api/admin/auth/user/" + engineName() + "/logout", "");
		assertThat(browser.get("/api/me").statusCode()).as("signed out of the app too").isEqualTo(401);
	}

	// ---- item 9: the session cookie ----

	@Test
	void sessionCookieIsHttpOnlyAndSameSite() throws Exception {
		HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login")).GET());
		List<String> cookies = login.headers().allValues("Set-Cookie");
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("SESSION=")
			.containsIgnoringCase("HttpOnly")
			.containsIgnoringCase("SameSite=Lax"));
	}

	// ---- helpers ----

	/**
	 * Tests give each engine its own name; engine REST and the webapps reach it under
	 * that name.
	 */
	private String engineName() {
		return this.engine.getName();
	}

	private String rest() {
		return "/engine-rest/engine/" + engineName();
	}

	private String tasklistApi() {
		return "/camunda/api/engine/engine/" + engineName();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpRequest.Builder basic(String method, String path, String user, String password, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
			.header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A browser on the Camunda webapps: session cookie and Camunda's CSRF token. */
	private final class Webapp {

		private final CookieManager cookies = new CookieManager();

		private final HttpClient client = HttpClient.newBuilder().cookieHandler(this.cookies).build();

		/**
		 * Logs in as a person does: on the app's login page (the webapps' own form is
		 * closed), then opens Tasklist, which takes that login; answers who Tasklist
		 * thinks is logged in.
		 */
		HttpResponse<String> login(String user, String password) throws Exception {
			String page = this.client
				.send(HttpRequest.newBuilder(uri("/login")).GET().build(), HttpResponse.BodyHandlers.ofString())
				.body();
			Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
			assertThat(csrf.find()).as("the login page carries a CSRF token").isTrue();
			String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
					+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
					+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
			this.client.send(HttpRequest.newBuilder(uri("/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
			this.client.send(HttpRequest.newBuilder(uri("/camunda/app/tasklist/" + engineName() + "/")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return this.client.send(
					HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/" + engineName())).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> get(String path) throws Exception {
			return this.client.send(
					HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(String path, String body) throws Exception {
			refreshToken();
			return this.client
				.send(withToken(HttpRequest.newBuilder(uri(path))).header("Content-Type", "application/json")
					.header("Accept", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
		}

		private void refreshToken() throws Exception {
			this.client.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/" + engineName())).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		private HttpRequest.Builder withToken(HttpRequest.Builder request) {
			for (HttpCookie cookie : this.cookies.getCookieStore().getCookies()) {
				if ("XSRF-TOKEN".equals(cookie.getName())) {
					request.header("X-XSRF-TOKEN", cookie.getValue());
				}
			}
			return request;
		}

	}

}
