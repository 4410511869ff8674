package ru.visitflow.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.util.ReflectionUtils;

import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.process.LifecycleModel;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Deploys through engine REST exactly as Camunda Modeler's "Deploy" does (multipart
 * {@code deployment/create}, HTTP Basic) as a member of {@code designers}, on a server of
 * its own with a database of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:visitflow-modeler-tests;DB_CLOSE_DELAY=-1",
				// engine REST and the webapps serve the engine named "default", as in
				// production
				"camunda.bpm.generate-unique-process-engine-name=false", "camunda.bpm.process-engine-name=default" })
class ModelerDeployTests extends LifecycleTestSupport {

	private static final Path FORMS = Path.of("forms");

	@LocalServerPort
	private int port;

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private RepositoryService repositoryService;

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	private final List<String> deployments = new ArrayList<>();

	@BeforeEach
	void designerAndAdministrator() {
		this.identity.ensureUser("designer1", "Дина", "Конструктор", "secret", List.of(IdentityBootstrap.DESIGNERS));
		this.identity.ensureUser("boss", "Главный", "Администратор", "secret",
				List.of(Role.ADMIN.groupId(), "camunda-admin"));
	}

	@AfterEach
	void undeploy() {
		this.deployments.forEach((id) -> this.repositoryService.deleteDeployment(id, true));
	}

	@Test
	void modelDeployedAloneFromModelerKeepsTheFormsOfNewVisitsWorking() throws Exception {
		String model = DeploymentGuardTests.modelWith("name=\"Провести визит\"", "name=\"Провести визит с клиентом\"");
		HttpResponse<String> response = modelerDeploy("designer1", Map.of("visit-lifecycle.bpmn", bytes(model)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		remember(response);

		Visit visit = plan(REP1, "2026-12-02T10:00");
		Task conduct = task(visit);
		assertThat(conduct.getName()).isEqualTo("Провести визит с клиентом");
		// Tasklist asks for the form exactly so, as the rep
		HttpResponse<String> form = get("/engine-rest/task/" + conduct.getId() + "/deployed-form", "rep1");
		assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
		assertThat(this.json.readTree(form.body()).get("id").asText()).isEqualTo("ConductVisitForm");
	}

	@Test
	void modelDeployedWithItsFormsFromModelerShowsTheNewForm() throws Exception {
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("visit-lifecycle.bpmn", Files.readAllBytes(DeploymentGuardTests.MODEL));
		try (var forms = Files.list(FORMS)) {
			for (Path form : forms.sorted().toList()) {
				String text = Files.readString(form).replace("\"Результат визита\"", "\"Итог визита\"");
				files.put(form.getFileName().toString(), bytes(text));
			}
		}
		HttpResponse<String> response = modelerDeploy("designer1", files);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		remember(response);
		assertThat(this.json.readTree(response.body()).path("deployedProcessDefinitions").size()).isEqualTo(1);

		Visit visit = plan(REP1, "2026-12-02T10:00");
		HttpResponse<String> form = get("/engine-rest/task/" + task(visit).getId() + "/deployed-form", "rep1");
		assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
		assertThat(form.body()).contains("Итог визита").doesNotContain("Результат визита");
	}

	@Test
	void aDesignersLabelAndLeadTimeReachNewVisitsWhoseFormsOpen() throws Exception {
		// as the README walks through it: a task label in the model, a lead time in the
		// table, one Modeler deploy
		String model = DeploymentGuardTests.modelWith("name=\"Провести визит\"", "name=\"Провести встречу\"");
		String table = Files.readString(LeadTimeDecisionTests.DECISION)
			.replace(
					"<outputEntry id=\"OutputEntry_DefaultInWork\" expressionLanguage=\"juel\"><text>${lifecycleTimers.inWorkLeadTime}</text></outputEntry>",
					"<outputEntry id=\"OutputEntry_DefaultInWork\"><text>\"P4D\"</text></outputEntry>");
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("visit-lifecycle.bpmn", bytes(model));
		files.put("visit-lead-times.dmn", bytes(table));
		HttpResponse<String> response = modelerDeploy("designer1", files);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		remember(response);

		Visit visit = plan(REP1, "2026-12-20T11:00");
		assertThat(timer(visit, LifecycleModel.TIMER_IN_WORK_DUE).getDuedate().toInstant())
			.isEqualTo(LocalDate.parse("2026-12-16").atStartOfDay(MOSCOW).toInstant());
		moveClockTo(LocalDate.parse("2026-12-16").atStartOfDay(MOSCOW).toInstant(), visit);
		Task conduct = task(visit);
		assertThat(conduct.getName()).isEqualTo("Провести встречу");
		HttpResponse<String> form = get("/engine-rest/task/" + conduct.getId() + "/deployed-form", "rep1");
		assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
		assertThat(this.json.readTree(form.body()).get("id").asText()).isEqualTo("ConductVisitForm");
	}

	@Test
	void brokenModelIsRefusedWithTheReasonModelerShows() throws Exception {
		String broken = DeploymentGuardTests.modelWith(
				"id=\"Task_MoveToDraft\" name=\"Перевести в «Черновик»\" camunda:delegateExpression=\"${recordStage}\"",
				"id=\"Task_MoveToDraft\" name=\"Перевести в «Черновик»\" camunda:delegateExpression=\"${recordStageRenamed}\"");
		HttpResponse<String> response = modelerDeploy("designer1", Map.of("visit-lifecycle.bpmn", bytes(broken)));
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = this.json.readTree(response.body());
		assertThat(body.get("type").asText()).isEqualTo("ParseException");
		assertThat(body.get("message").asText()).contains("Task_MoveToDraft", "recordStageRenamed", "[delegate-bean]");
	}

	@Test
	void aRestartKeepsTheDesignersVersionAndRecordsWhatAChangedPackagedModelReplaced() throws Exception {
		String model = DeploymentGuardTests.modelWith("name=\"Провести визит\"", "name=\"Провести визит (дизайнер)\"");
		HttpResponse<String> response = modelerDeploy("designer1", Map.of("visit-lifecycle.bpmn", bytes(model)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String designerDeployment = remember(response);
		ProcessDefinition designers = latest();
		assertThat(designers.getDeploymentId()).isEqualTo(designerDeployment);

		// restart with the same packaged files: nothing is deployed, the designer's
		// version stays the latest
		SpringProcessEngineConfiguration configuration = (SpringProcessEngineConfiguration) this.engine
			.getProcessEngineConfiguration();
		autoDeploy(configuration);
		assertThat(latest().getId()).isEqualTo(designers.getId());

		// restart with a changed packaged model (a new release): it becomes the latest,
		// and that is on record
		Resource[] packaged = configuration.getDeploymentResources();
		Path changed = Files.createTempFile("visit-lifecycle", ".bpmn");
		Files.writeString(changed,
				DeploymentGuardTests.modelWith("name=\"Провести визит\"", "name=\"Провести визит (релиз)\""));
		List<Resource> release = new ArrayList<>();
		for (Resource resource : packaged) {
			release.add(
					resource.getFilename().equals("visit-lifecycle.bpmn") ? new FileSystemResource(changed) : resource);
		}
		try {
			configuration.setDeploymentResources(release.toArray(Resource[]::new));
			autoDeploy(configuration);
		}
		finally {
			configuration.setDeploymentResources(packaged);
		}
		ProcessDefinition released = latest();
		this.deployments.add(released.getDeploymentId());
		assertThat(released.getVersion()).isEqualTo(designers.getVersion() + 1);

		HttpResponse<String> records = get("/api/design/deployments", "boss");
		assertThat(records.statusCode()).as(records.body()).isEqualTo(200);
		JsonNode newest = this.json.readTree(records.body()).get(0);
		assertThat(newest.get("version").asInt()).isEqualTo(released.getVersion());
		assertThat(newest.get("origin").asText()).isEqualTo("PACKAGED");
		assertThat(newest.get("replacedOrigin").asText()).isEqualTo("DESIGNER");
		assertThat(newest.get("replacedVersion").asInt()).isEqualTo(designers.getVersion());
		JsonNode designerRecord = this.json.readTree(records.body()).get(1);
		assertThat(designerRecord.get("deployedBy").asText()).isEqualTo("designer1");
		assertThat(designerRecord.get("deploymentSource").asText()).isEqualTo("Camunda Modeler");
		assertThat(get("/api/design/deployments", "designer1").statusCode()).isEqualTo(403);
	}

	@Test
	void aDesignerDeploysAndReadsCockpitButNeitherWorksTasksNorOpensTasklistOrAdmin() throws Exception {
		// Modeler's connection check: 401 without credentials makes it ask for them; the
		// designer passes
		assertThat(send(HttpRequest.newBuilder(uri("/engine-rest/deployment?maxResults=0")).GET().build()).statusCode())
			.isEqualTo(401);
		assertThat(get("/engine-rest/deployment?maxResults=0", "designer1").statusCode()).isEqualTo(200);

		Visit visit = plan(REP1, "2026-12-02T10:00");
		HttpResponse<String> instances = get("/engine-rest/process-instance?processDefinitionKey=VisitLifecycle",
				"designer1");
		assertThat(instances.body()).contains(pid(visit));
		assertThat(get("/engine-rest/incident", "designer1").statusCode()).isEqualTo(200);
		assertThat(get("/engine-rest/process-definition/key/VisitLifecycle/xml", "designer1").statusCode())
			.isEqualTo(200);

		assertThat(this.json.readTree(get("/engine-rest/task", "designer1").body()).size()).isZero();
		HttpResponse<String> complete = send(HttpRequest
			.newBuilder(uri("/engine-rest/task/" + task(visit).getId() + "/complete"))
			.header("Authorization", basic("designer1"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"variables\": {\"outcome\": {\"value\": \"ORDER_PLACED\"}}}"))
			.build());
		assertThat(complete.statusCode()).isEqualTo(403);
		assertThat(task(visit)).isNotNull();

		assertThat(webappLogin("rep1", "tasklist")).isEqualTo(200);
		assertThat(webappLogin("designer1", "cockpit")).isEqualTo(200);
		assertThat(webappLogin("designer1", "tasklist")).isEqualTo(403);
		assertThat(webappLogin("designer1", "admin")).isEqualTo(403);
		assertThat(webappLogin("rep1", "cockpit")).isEqualTo(403);
	}

	private ProcessDefinition latest() {
		return this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(LifecycleModel.PROCESS_KEY)
			.latestVersion()
			.singleResult();
	}

	/**
	 * What the starter does at every start: deploy the packaged files unless none
	 * changed.
	 */
	private void autoDeploy(SpringProcessEngineConfiguration configuration) {
		Method method = ReflectionUtils.findMethod(configuration.getClass(), "autoDeployResources",
				ProcessEngine.class);
		ReflectionUtils.makeAccessible(method);
		ReflectionUtils.invokeMethod(method, configuration, this.engine);
	}

	private String remember(HttpResponse<String> response) throws IOException {
		String id = this.json.readTree(response.body()).get("id").asText();
		this.deployments.add(id);
		return id;
	}

	/**
	 * Camunda Modeler's deploy request (CamundaAPI.deployDiagram), with every file in one
	 * deployment.
	 */
	private HttpResponse<String> modelerDeploy(String user, Map<String, byte[]> files) throws Exception {
		String boundary = "----ModelerBoundary" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("deployment-name", "visit-lifecycle");
		fields.put("deployment-source", "Camunda Modeler");
		fields.put("enable-duplicate-filtering", "true");
		for (Map.Entry<String, String> field : fields.entrySet()) {
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
					+ field.getValue() + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.getKey()
					+ "\"; filename=\"" + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			body.write(file.getValue());
			body.write("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(uri("/engine-rest/deployment/create"))
			.header("Authorization", basic(user))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	/**
	 * The webapps' login form: first a page request for the CSRF token, then the login
	 * POST carrying it.
	 */
	/**
	 * Logs in on the app's login page (one login for the app and the webapps), opens the
	 * webapp and answers 200 when the webapps let the user into {@code app}, 403 when
	 * not.
	 */
	private int webappLogin(String user, String app) throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String page = browser
			.send(HttpRequest.newBuilder(uri("/login")).GET().build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
		assertThat(csrf.find()).isTrue();
		String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=secret&_csrf="
				+ URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
		browser.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		browser.send(HttpRequest.newBuilder(uri("/camunda/app/" + app + "/default/")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> whoAmI = browser.send(
				HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(whoAmI.statusCode()).isEqualTo(200);
		JsonNode apps = this.json.readTree(whoAmI.body()).get("authorizedApps");
		for (JsonNode authorized : apps) {
			if (app.equals(authorized.asText())) {
				return 200;
			}
		}
		return 403;
	}

	private HttpResponse<String> get(String path, String user) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user)).GET().build());
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
