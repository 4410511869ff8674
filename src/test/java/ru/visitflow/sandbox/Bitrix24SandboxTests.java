package ru.visitflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.bitrix24.wire.PhpQuery;

/**
 * The sandbox over real HTTP, as Visitflow's client meets it: envelopes, paging, batch,
 * errors and their statuses, the rate limit, failure modes, multi-field updates, and
 * outbound events caught by a stub handler.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "visitflow.bitrix24.webhook-url=", "visitflow.bitrix24.sandbox.enabled=true",
				"visitflow.bitrix24.application-token=test-application-token",
				"visitflow.bitrix24-sandbox.operating-block=1s" })
@ActiveProfiles("test")
@AutoConfigureMockMvc
class Bitrix24SandboxTests {

	private static final BlockingQueue<Captured> events = new LinkedBlockingQueue<>();

	private static final HttpServer eventHandler = startEventHandler();

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Autowired
	private MockMvc mvc;

	private record Captured(String contentType, Map<String, Object> body) {
	}

	private record Answer(int status, JsonNode body) {
	}

	private static HttpServer startEventHandler() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/bitrix24/events", (exchange) -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				events.add(new Captured(exchange.getRequestHeaders().getFirst("Content-Type"), PhpQuery.parse(body)));
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void eventHandlerUrl(DynamicPropertyRegistry registry) {
		registry.add("visitflow.bitrix24-sandbox.event-handler-url",
				() -> "http://127.0.0.1:" + eventHandler.getAddress().getPort() + "/bitrix24/events");
	}

	@AfterAll
	static void stopEventHandler() {
		eventHandler.stop(0);
	}

	@BeforeEach
	void freshPortal() {
		this.sandbox.reset();
		events.clear();
	}

	// --- HTTP helpers
	// --------------------------------------------------------------------------------------

	private String url(String method) {
		return Bitrix24Sandbox.webhookUrl("http://127.0.0.1:" + this.port) + method;
	}

	private Answer send(HttpRequest request) throws Exception {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		return new Answer(response.statusCode(), json.readTree(response.body()));
	}

	private Answer postJson(String method, String body) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(url(method)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private Answer postForm(String method, String form) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(url(method)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
	}

	private Answer query(String methodAndQuery) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(url(methodAndQuery))).GET().build());
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private long addItem(String fieldsJson) throws Exception {
		Answer added = postJson("crm.item.add", "{\"entityTypeId\":1036,\"fields\":" + fieldsJson + "}");
		assertThat(added.status()).isEqualTo(200);
		return added.body().at("/result/item/id").asLong();
	}

	/**
	 * The next outbound event with this name. Delivery is asynchronous, so an event of an
	 * earlier test may still arrive after the reset; those are skipped.
	 */
	private Captured nextEvent(String name) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			Captured event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (event != null && name.equals(event.body().get("event"))) {
				return event;
			}
		}
		throw new AssertionError("no outbound event " + name + " within 5 s");
	}

	// --- envelopes, paging
	// ---------------------------------------------------------------------------------

	@Test
	void listEnvelopeHasTotalNextAndTime() throws Exception {
		Answer first = postJson("crm.company.list.json", "{\"select\":[\"ID\",\"TITLE\"],\"order\":{\"ID\":\"ASC\"}}");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body().get("result")).hasSize(50);
		assertThat(first.body().get("total").asInt()).isEqualTo(300);
		assertThat(first.body().get("next").asInt()).isEqualTo(50);
		JsonNode time = first.body().get("time");
		assertThat(time.fieldNames()).toIterable()
			.containsExactly("start", "finish", "duration", "processing", "date_start", "date_finish",
					"operating_reset_at", "operating");
		assertThat(time.get("date_start").asText()).endsWith("+03:00");
		assertThat(time.get("operating_reset_at").asLong()).isGreaterThan(Instant.now().getEpochSecond());

		Answer last = query("crm.company.list?start=250&order[ID]=ASC&select[]=ID");
		assertThat(last.body().get("result")).hasSize(50);
		assertThat(last.body().get("result").get(0).get("ID").asText()).isEqualTo("251");
		assertThat(last.body().has("next")).isFalse();
		assertThat(last.body().get("total").asInt()).isEqualTo(300);

		Answer fast = postJson("crm.company.list",
				"{\"start\":-1,\"order\":{\"ID\":\"ASC\"},\"filter\":{\">ID\":280}}");
		assertThat(fast.body().get("result")).hasSize(20);
		assertThat(fast.body().get("total").asInt()).isZero();
		assertThat(fast.body().has("next")).isFalse();

		Answer single = postJson("crm.company.get", "{\"id\":101}");
		assertThat(single.body().has("total")).isFalse();
		assertThat(single.body().has("next")).isFalse();
		assertThat(single.body().at("/result/TITLE").asText()).isEqualTo("ООО «Ромашка»");
	}

	@Test
	void itemsPageByFiftyWithStartNextAndTotal() throws Exception {
		for (int i = 0; i < 60; i++) {
			this.sandbox.createItem(2, Map.of("title", "Визит " + i, "companyId", 101));
		}
		Answer first = postJson("crm.item.list", "{\"entityTypeId\":1036,\"select\":[\"id\",\"title\"]}");
		assertThat(first.body().at("/result/items")).hasSize(50);
		assertThat(first.body().get("total").asInt()).isEqualTo(60);
		assertThat(first.body().get("next").asInt()).isEqualTo(50);
		assertThat(first.body().at("/result/items/0").fieldNames()).toIterable().containsExactly("id", "title");

		Answer second = postJson("crm.item.list", "{\"entityTypeId\":1036,\"start\":50}");
		assertThat(second.body().at("/result/items")).hasSize(10);
		assertThat(second.body().has("next")).isFalse();

		Answer scan = postJson("crm.item.list",
				"{\"entityTypeId\":1036,\"start\":-1,\"order\":{\"id\":\"ASC\"},\"filter\":{\">id\":55}}");
		assertThat(scan.body().at("/result/items")).hasSize(5);
		assertThat(scan.body().get("total").asInt()).isZero();
		assertThat(scan.body().has("next")).isFalse();
	}

	@Test
	void itemsAreAddedUpdatedAndReadAsBitrix24Does() throws Exception {
		Answer added = postJson("crm.item.add", """
				{"entityTypeId":1036,"fields":{"title":"Визит в «Ромашку»","companyId":101,"assignedById":2,
				 "ufCrmVisitStart":"2026-12-20T08:00:00Z","ufCrmVisitType":"meeting","ufCrmVisitDuration":"60",
				 "noSuchField":"ignored","UF_CRM_NOT_THERE":1}}
				""");
		JsonNode item = added.body().at("/result/item");
		long id = item.get("id").asLong();
		assertThat(item.get("id").isNumber()).isTrue();
		assertThat(item.get("stageId").asText()).isEqualTo("DT1036_11:NEW");
		assertThat(item.get("categoryId").asInt()).isEqualTo(11);
		assertThat(item.get("stageSemanticId").asText()).isEqualTo("P");
		assertThat(item.get("ufCrmVisitStart").asText()).isEqualTo("2026-12-20T11:00:00+03:00");
		assertThat(item.get("ufCrmVisitDuration").asInt()).isEqualTo(60);
		// the webhook's owner is the integration's own user, not a person
		assertThat(item.get("createdBy").asLong()).isEqualTo(Bitrix24Sandbox.WEBHOOK_USER_ID);
		assertThat(item.get("updatedBy").asLong()).isEqualTo(Bitrix24Sandbox.WEBHOOK_USER_ID);
		assertThat(item.get("entityTypeId").asInt()).isEqualTo(1036);
		assertThat(item.get("contactIds").isArray()).isTrue();
		assertThat(item.get("previousStageId").isNull()).isTrue();
		assertThat(item.has("noSuchField")).isFalse();

		// form-encoded in bracket notation, UPPER_CASE field names accepted
		Answer updated = postForm("crm.item.update", "entityTypeId=1036&id=" + id + "&fields%5BSTAGE_ID%5D="
				+ encode("DT1036_11:SUCCESS") + "&fields[ufCrmVisitType]=training");
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.body().at("/result/item/stageId").asText()).isEqualTo("DT1036_11:SUCCESS");
		assertThat(updated.body().at("/result/item/previousStageId").asText()).isEqualTo("DT1036_11:NEW");
		assertThat(updated.body().at("/result/item/stageSemanticId").asText()).isEqualTo("S");
		assertThat(updated.body().at("/result/item/movedBy").asLong()).isEqualTo(Bitrix24Sandbox.WEBHOOK_USER_ID);

		Answer read = query("crm.item.get?entityTypeId=1036&id=" + id);
		assertThat(read.body().at("/result/item/ufCrmVisitType").asText()).isEqualTo("training");

		Answer filtered = postJson("crm.item.list",
				"{\"entityTypeId\":1036,\"filter\":{\"@stageId\":[\"DT1036_11:SUCCESS\"],"
						+ "\">=updatedTime\":\"2020-01-01T00:00:00+03:00\",\"%title\":\"ромашк\"}}");
		assertThat(filtered.body().at("/result/items")).hasSize(1);

		Answer wrongStage = postJson("crm.item.update",
				"{\"entityTypeId\":1036,\"id\":" + id + ",\"fields\":{\"stageId\":\"DT1036_12:NEW\"}}");
		assertThat(wrongStage.status()).isEqualTo(400);
		assertThat(wrongStage.body().get("error").asText()).isEqualTo("CRM_FIELD_ERROR_VALUE_NOT_VALID");

		Answer deleted = postJson("crm.item.delete", "{\"entityTypeId\":1036,\"id\":" + id + "}");
		assertThat(deleted.body().get("result").isArray()).isTrue();
		assertThat(deleted.body().get("result")).isEmpty();
	}

	@Test
	void unknownItemsAndSmartProcessesAreNotFoundWithStatus400() throws Exception {
		Answer missing = postJson("crm.item.get", "{\"entityTypeId\":1036,\"id\":999999}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body())
			.isEqualTo(json.readTree("{\"error\":\"NOT_FOUND\",\"error_description\":\"Element not found\"}"));
		Answer process = postJson("crm.item.list", "{\"entityTypeId\":177}");
		assertThat(process.status()).isEqualTo(400);
		assertThat(process.body().get("error_description").asText()).isEqualTo("Smart process not found");
		Answer company = postJson("crm.company.get", "{\"id\":99999}");
		assertThat(company.status()).isEqualTo(400);
		assertThat(company.body().get("error").asText()).isEmpty();
		Answer badFilter = postJson("crm.item.list", "{\"entityTypeId\":1036,\"filter\":{\"nonsense\":1}}");
		assertThat(badFilter.status()).isEqualTo(400);
		assertThat(badFilter.body().get("error").asText()).isEqualTo("INVALID_ARG_VALUE");
	}

	@Test
	void smartProcessPipelinesAndStagesAreDescribed() throws Exception {
		Answer types = query("crm.type.list");
		assertThat(types.body().at("/result/types/0/id").asInt()).isEqualTo(11);
		assertThat(types.body().at("/result/types/0/entityTypeId").asInt()).isEqualTo(1036);
		Answer categories = postJson("crm.category.list", "{\"entityTypeId\":1036}");
		assertThat(categories.body().at("/result/categories")).hasSize(2);
		assertThat(categories.body().at("/result/categories/0/id").asInt()).isEqualTo(11);
		assertThat(categories.body().at("/result/categories/0/isDefault").asText()).isEqualTo("Y");
		assertThat(categories.body().at("/result/categories/1/isDefault").asText()).isEqualTo("N");
		Answer stages = postJson("crm.status.list",
				"{\"order\":{\"SORT\":\"ASC\"},\"filter\":{\"ENTITY_ID\":\"DYNAMIC_1036_STAGE_11\"}}");
		JsonNode rows = stages.body().get("result");
		assertThat(rows).hasSize(7);
		assertThat(stages.body().get("total").asInt()).isEqualTo(7);
		List<String> ids = new ArrayList<>();
		rows.forEach((row) -> ids.add(row.get("STATUS_ID").asText() + "/" + row.get("NAME").asText() + "/"
				+ (row.get("SEMANTICS").isNull() ? "null" : row.get("SEMANTICS").asText())));
		assertThat(ids).containsExactly("DT1036_11:NEW/Черновик/null", "DT1036_11:PREPARATION/Взял в работу/null",
				"DT1036_11:CLIENT/Повторные визиты/null", "DT1036_11:UC_OVERDUE/Просрочено/null",
				"DT1036_11:SUCCESS/Завершён/S", "DT1036_11:FAIL/Провален/F", "DT1036_11:UC_CANCELLED/Отменён/F");
		assertThat(rows.get(0).fieldNames()).toIterable()
			.containsExactly("ID", "ENTITY_ID", "STATUS_ID", "NAME", "NAME_INIT", "SORT", "SYSTEM", "CATEGORY_ID",
					"COLOR", "SEMANTICS");
	}

	// --- batch
	// ---------------------------------------------------------------------------------------------

	@Test
	void batchResolvesReferencesAndShowsEmptyMapsAsArrays() throws Exception {
		long before = this.sandbox.requestCount();
		Answer batch = postJson("batch",
				"""
						{"halt":0,"cmd":{
						  "add":"crm.item.add?entityTypeId=1036&fields[title]=%D0%92%D0%B8%D0%B7%D0%B8%D1%82&fields[companyId]=101",
						  "get":"crm.item.get?entityTypeId=1036&id=$result[add][item][id]",
						  "company":"crm.company.get?id=$result[get][item][companyId]",
						  "stages":"crm.status.list?filter[ENTITY_ID]=DYNAMIC_1036_STAGE_11"}}
						""");
		assertThat(batch.status()).isEqualTo(200);
		assertThat(this.sandbox.requestCount()).isEqualTo(before + 1);
		JsonNode result = batch.body().get("result");
		assertThat(result.fieldNames()).toIterable()
			.containsExactly("result", "result_error", "result_total", "result_next", "result_time");
		assertThat(result.at("/result/get/item/title").asText()).isEqualTo("Визит");
		assertThat(result.at("/result/company/TITLE").asText()).isEqualTo("ООО «Ромашка»");
		assertThat(result.get("result_error").isArray()).isTrue();
		assertThat(result.get("result_error")).isEmpty();
		assertThat(result.get("result_next").isArray()).isTrue();
		assertThat(result.get("result_total").isObject()).isTrue();
		assertThat(result.at("/result_total/stages").asInt()).isEqualTo(7);
		assertThat(result.at("/result_time/add/start").isNumber()).isTrue();
		assertThat(batch.body().at("/time/operating_reset_at").isNumber()).isTrue();
	}

	@Test
	void batchErrorsComeBackPerCommandAndHaltStopsAtTheFirst() throws Exception {
		String commands = "\"cmd\":{\"missing\":\"crm.item.get?entityTypeId=1036&id=424242\",\"me\":\"user.current\"}";
		Answer goOn = postJson("batch", "{\"halt\":0," + commands + "}");
		assertThat(goOn.status()).isEqualTo(200);
		assertThat(goOn.body().at("/result/result/me/ID").asText())
			.isEqualTo(String.valueOf(Bitrix24Sandbox.WEBHOOK_USER_ID));
		assertThat(goOn.body().at("/result/result_error/missing/error").asText()).isEqualTo("NOT_FOUND");
		assertThat(goOn.body().at("/result/result_total").isArray()).isTrue();

		Answer halted = postJson("batch", "{\"halt\":1," + commands + "}");
		assertThat(halted.status()).isEqualTo(200);
		assertThat(halted.body().at("/result/result").isArray()).isTrue();
		assertThat(halted.body().at("/result/result")).isEmpty();
		assertThat(halted.body().at("/result/result_error/missing/error_description").asText())
			.isEqualTo("Element not found");
		assertThat(halted.body().at("/result/result_time").isArray()).isTrue();

		Answer list = postForm("batch",
				"halt=0&cmd[0]=" + encode("user.current") + "&cmd[1]=" + encode("crm.category.list?entityTypeId=1036"));
		assertThat(list.body().at("/result/result").isArray()).isTrue();
		assertThat(list.body().at("/result/result/1/categories")).hasSize(2);
		assertThat(list.body().at("/result/result_total/1").asInt()).isEqualTo(2);

		StringBuilder tooMany = new StringBuilder("{\"cmd\":[");
		for (int i = 0; i < 51; i++) {
			tooMany.append((i > 0) ? "," : "").append("\"user.current\"");
		}
		Answer rejected = postJson("batch", tooMany.append("]}").toString());
		assertThat(rejected.status()).isEqualTo(400);
		assertThat(rejected.body().get("error").asText()).isEqualTo("ERROR_BATCH_LENGTH_EXCEEDED");
		Answer nested = postJson("batch", "{\"cmd\":{\"inner\":\"batch?cmd[a]=user.current\"}}");
		assertThat(nested.status()).isEqualTo(405);
		assertThat(nested.body().get("error").asText()).isEqualTo("ERROR_BATCH_METHOD_NOT_ALLOWED");
	}

	// --- authentication, unknown methods, limits, failures
	// -------------------------------------------------

	@Test
	void wrongWebhookAndUnknownMethodsAreRefused() throws Exception {
		HttpResponse<String> wrongCode = this.http.send(HttpRequest
			.newBuilder(
					URI.create("http://127.0.0.1:" + this.port + "/bitrix24-sandbox/rest/1/wrong-code/user.current"))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(wrongCode.statusCode()).isEqualTo(401);
		assertThat(json.readTree(wrongCode.body())).isEqualTo(
				json.readTree("{\"error\":\"NO_AUTH_FOUND\",\"error_description\":\"Wrong authorization data\"}"));
		HttpResponse<String> wrongUser = this.http.send(HttpRequest
			.newBuilder(URI
				.create("http://127.0.0.1:" + this.port + "/bitrix24-sandbox/rest/2/sandbox-webhook/user.current"))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(wrongUser.statusCode()).isEqualTo(401);
		Answer unknown = query("crm.deal.list");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body()).isEqualTo(
				json.readTree("{\"error\":\"ERROR_METHOD_NOT_FOUND\",\"error_description\":\"Method not found!\"}"));
	}

	@Test
	void theLeakyBucketRefusesABurstAboveFifty() throws Exception {
		List<Answer> answers = new ArrayList<>();
		for (int i = 0; i < 70; i++) {
			answers.add(query("user.current"));
		}
		List<Integer> statuses = answers.stream().map(Answer::status).toList();
		assertThat(statuses.subList(0, 50)).containsOnly(200);
		assertThat(statuses).contains(503);
		// the refusal is read from the burst itself: a request sent after it may already
		// find a slot leaked free on a slow machine
		Answer refused = answers.get(statuses.indexOf(503));
		assertThat(refused.body()).isEqualTo(
				json.readTree("{\"error\":\"QUERY_LIMIT_EXCEEDED\",\"error_description\":\"Too many requests\"}"));
		Thread.sleep(1_100);
		assertThat(query("user.current").status()).isEqualTo(200);
	}

	@Test
	void failureModesAnswerAsATroubledPortal() throws Exception {
		this.sandbox.setFailureMode(FailureMode.OUTAGE);
		Answer outage = query("user.current");
		assertThat(outage.status()).isEqualTo(500);
		assertThat(outage.body()).isEqualTo(
				json.readTree("{\"error\":\"INTERNAL_SERVER_ERROR\",\"error_description\":\"Internal server error\"}"));
		this.sandbox.setFailureMode(FailureMode.RATE_LIMITED);
		assertThat(query("user.current").status()).isEqualTo(503);

		this.sandbox.setFailureMode(FailureMode.OPERATION_LIMIT);
		Answer blocked = postJson("crm.item.list", "{\"entityTypeId\":1036}");
		assertThat(blocked.status()).isEqualTo(429);
		assertThat(blocked.body().get("error").asText()).isEqualTo("OPERATION_TIME_LIMIT");
		Answer blockedBatch = postJson("batch", "{\"cmd\":{\"list\":\"crm.item.list?entityTypeId=1036\"}}");
		assertThat(blockedBatch.status()).isEqualTo(200);
		assertThat(blockedBatch.body().at("/result/result").isArray()).isTrue();
		assertThat(blockedBatch.body().at("/result/result_error/list/error").asText())
			.isEqualTo("OPERATION_TIME_LIMIT");
		long resetAt = blockedBatch.body().at("/time/operating_reset_at").asLong();
		assertThat(resetAt).isBetween(Instant.now().getEpochSecond() - 1, Instant.now().getEpochSecond() + 5);
		Thread.sleep(1_200);
		assertThat(postJson("crm.item.list", "{\"entityTypeId\":1036}").status()).isEqualTo(200);
		assertThat(this.sandbox.failureMode()).isEqualTo(FailureMode.NONE);

		this.sandbox.failNextCalls(2);
		assertThat(query("user.current").status()).isEqualTo(500);
		assertThat(query("user.current").status()).isEqualTo(500);
		assertThat(query("user.current").status()).isEqualTo(200);
		assertThat(this.sandbox.requestCount("user.current")).isEqualTo(5);
	}

	// --- calendar, tasks, timeline
	// -------------------------------------------------------------------------

	@Test
	void calendarErrorsHaveAnEmptyCode() throws Exception {
		Answer noName = postJson("calendar.event.add",
				"{\"type\":\"user\",\"ownerId\":2,\"from\":\"2026-12-20T11:00:00+03:00\",\"to\":\"2026-12-20T12:00:00+03:00\"}");
		assertThat(noName.status()).isEqualTo(400);
		assertThat(noName.body()).isEqualTo(json.readTree("{\"error\":\"\",\"error_description\":"
				+ "\"The required parameter \\\"name\\\" for the method \\\"calendar.event.add\\\" is not set\"}"));

		Answer added = postJson("calendar.event.add", """
				{"type":"user","ownerId":3,"name":"Визит: ООО «Ромашка»","from":"2026-12-20 11:00:00",
				 "to":"2026-12-20 12:00:00","timezone_from":"Asia/Yekaterinburg","crm_fields":["T40c_1"]}
				""");
		assertThat(added.status()).isEqualTo(200);
		long id = added.body().get("result").asLong();
		assertThat(added.body().get("result").isIntegralNumber()).isTrue();

		JsonNode event = postJson("calendar.event.getbyid", "{\"id\":" + id + "}").body().get("result");
		assertThat(event.get("ID").asText()).isEqualTo(String.valueOf(id));
		assertThat(event.get("DATE_FROM").asText()).isEqualTo("20.12.2026 11:00:00");
		assertThat(event.get("TZ_FROM").asText()).isEqualTo("Asia/Yekaterinburg");
		assertThat(event.get("DATE_FROM_TS_UTC").asText())
			.isEqualTo(String.valueOf(Instant.parse("2026-12-20T06:00:00Z").getEpochSecond()));
		assertThat(event.get("DT_LENGTH").asInt()).isEqualTo(3600);
		assertThat(event.get("UF_CRM_CAL_EVENT").get(0).asText()).isEqualTo("T40c_1");
		assertThat(this.sandbox.calendarEvents(3)).hasSize(1);

		Answer unnamedUpdate = postJson("calendar.event.update",
				"{\"id\":" + id + ",\"type\":\"user\",\"ownerId\":3,\"from\":\"2026-12-21T11:00:00+05:00\"}");
		assertThat(unnamedUpdate.status()).isEqualTo(400);
		assertThat(unnamedUpdate.body().get("error").asText()).isEmpty();
		Answer updated = postJson("calendar.event.update", "{\"id\":" + id
				+ ",\"type\":\"user\",\"ownerId\":3,\"name\":\"Визит (перенесён)\",\"from\":\"2026-12-21T11:00:00+05:00\","
				+ "\"to\":\"2026-12-21T12:00:00+05:00\"}");
		assertThat(updated.body().get("result").asLong()).isEqualTo(id);
		assertThat(postJson("calendar.event.get",
				"{\"type\":\"user\",\"ownerId\":3,\"from\":\"2026-12-01\",\"to\":\"2026-12-31\"}")
			.body()
			.get("result")).hasSize(1);

		assertThat(postJson("calendar.event.delete", "{\"id\":" + id + "}").body().get("result").asBoolean()).isTrue();
		Answer gone = postJson("calendar.event.delete", "{\"id\":" + id + "}");
		assertThat(gone.status()).isEqualTo(400);
		assertThat(gone.body().get("error").asText()).isEmpty();
		assertThat(postJson("calendar.event.getbyid", "{\"id\":" + id + "}").body().get("result").isNull()).isTrue();
	}

	@Test
	void tasksAndTimelineCommentsFollowTheirDocs() throws Exception {
		Answer untitled = postJson("tasks.task.add", "{\"fields\":{\"RESPONSIBLE_ID\":2}}");
		assertThat(untitled.status()).isEqualTo(400);
		assertThat(untitled.body().get("error").asText()).isEqualTo("ERROR_CORE");
		Answer task = postJson("tasks.task.add",
				"{\"fields\":{\"TITLE\":\"Подготовить КП\",\"RESPONSIBLE_ID\":2,\"DEADLINE\":\"2026-12-19T18:00:00\","
						+ "\"UF_CRM_TASK\":[\"T40c_7\",\"CO_101\"]}}");
		assertThat(task.status()).isEqualTo(200);
		assertThat(task.body().at("/result/task/id").isTextual()).isTrue();
		assertThat(task.body().at("/result/task/responsibleId").asText()).isEqualTo("2");
		assertThat(task.body().at("/result/task/deadline").asText()).isEqualTo("2026-12-19T18:00:00+03:00");
		assertThat(task.body().at("/result/task").has("ufCrmTask")).isFalse();
		assertThat(this.sandbox.tasks().get(0).get("ufCrmTask")).isEqualTo(List.of("T40c_7", "CO_101"));

		long itemId = addItem("{\"title\":\"Визит\"}");
		Answer empty = postJson("crm.timeline.comment.add",
				"{\"fields\":{\"ENTITY_ID\":" + itemId + ",\"ENTITY_TYPE\":\"dynamic_1036\",\"COMMENT\":\"\"}}");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.body().get("error").asText()).isEqualTo("INVALID_ARG_VALUE");
		Answer comment = postJson("crm.timeline.comment.add", "{\"fields\":{\"ENTITY_ID\":" + itemId
				+ ",\"ENTITY_TYPE\":\"dynamic_1036\",\"COMMENT\":\"Результат визита\",\"FILES\":[[\"photo.gif\","
				+ "\"R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==\"]]}}");
		assertThat(comment.body().get("result").isIntegralNumber()).isTrue();
		assertThat(this.sandbox.timelineComments(itemId)).singleElement().satisfies((stored) -> {
			assertThat(stored.get("COMMENT")).isEqualTo("Результат визита");
			assertThat(stored.get("FILES")).asList().hasSize(1);
		});
	}

	// --- companies, requisites, multi-fields
	// ---------------------------------------------------------------

	@Test
	void multiFieldsComeOnlyWhenSelectedAndUpdateByTheDocumentedRules() throws Exception {
		JsonNode plain = postJson("crm.company.list", "{\"filter\":{\"ID\":101}}").body().at("/result/0");
		assertThat(plain.has("PHONE")).isFalse();
		assertThat(plain.has("UF_CRM_COORDINATES")).isTrue();
		JsonNode withPhone = postJson("crm.company.list", "{\"filter\":{\"ID\":101},\"select\":[\"TITLE\",\"PHONE\"]}")
			.body()
			.at("/result/0");
		assertThat(withPhone.fieldNames()).toIterable().containsExactly("TITLE", "ID", "PHONE");
		assertThat(withPhone.at("/PHONE/0").fieldNames()).toIterable()
			.containsExactly("ID", "VALUE_TYPE", "VALUE", "TYPE_ID");
		int phones = withPhone.get("PHONE").size();
		String firstId = withPhone.at("/PHONE/0/ID").asText();

		// an entry without ID is added; existing values stay
		Answer added = postForm("crm.company.update",
				"id=101&fields[PHONE][0][VALUE]=" + encode("+7 495 000-00-01") + "&fields[PHONE][0][VALUE_TYPE]=WORK");
		assertThat(added.body().get("result").asBoolean()).isTrue();
		JsonNode afterAdd = postJson("crm.company.get", "{\"id\":101}").body().at("/result/PHONE");
		assertThat(afterAdd).hasSize(phones + 1);
		String addedId = afterAdd.get(phones).get("ID").asText();

		// ID with a value changes it
		postJson("crm.company.update",
				"{\"id\":101,\"fields\":{\"PHONE\":[{\"ID\":\"" + addedId + "\",\"VALUE\":\"+7 495 000-00-02\"}]}}");
		assertThat(postJson("crm.company.get", "{\"id\":101}").body().at("/result/PHONE/" + phones + "/VALUE").asText())
			.isEqualTo("+7 495 000-00-02");
		// ID with DELETE=Y or an empty value deletes
		postJson("crm.company.update", "{\"id\":101,\"fields\":{\"PHONE\":[{\"ID\":\"" + addedId
				+ "\",\"DELETE\":\"Y\"},{\"ID\":\"" + firstId + "\",\"VALUE\":\"\"}]}}");
		JsonNode afterDelete = postJson("crm.company.get", "{\"id\":101}").body().at("/result/PHONE");
		List<String> left = new ArrayList<>();
		(afterDelete.isMissingNode() ? json.createArrayNode() : afterDelete)
			.forEach((phone) -> left.add(phone.get("ID").asText()));
		assertThat(left).doesNotContain(addedId, firstId).hasSize(phones - 1);

		// filtering by a phone value
		Answer byPhone = postJson("crm.company.list", "{\"filter\":{\"PHONE\":\"+7 495 000-00-02\"}}");
		assertThat(byPhone.body().get("total").asInt()).isZero();
	}

	@Test
	void realAddressesLiveInRequisites() throws Exception {
		JsonNode requisite = postJson("crm.requisite.list", "{\"filter\":{\"ENTITY_TYPE_ID\":4,\"ENTITY_ID\":101}}")
			.body()
			.at("/result/0");
		assertThat(requisite.get("ENTITY_ID").asText()).isEqualTo("101");
		Answer addresses = postJson("crm.address.list",
				"{\"filter\":{\"ENTITY_TYPE_ID\":8,\"ENTITY_ID\":" + requisite.get("ID").asText() + "}}");
		JsonNode address = addresses.body().at("/result/0");
		assertThat(address.get("TYPE_ID").asText()).isEqualTo("1");
		assertThat(address.get("CITY").asText()).isEqualTo("Москва");
		assertThat(address.get("ADDRESS_1").asText()).isNotBlank();
		assertThat(address.get("POSTAL_CODE").asText()).matches("1\\d{5}");
		assertThat(addresses.body().get("total").asInt()).isEqualTo(1);
		JsonNode company = postJson("crm.company.get", "{\"id\":101}").body().get("result");
		assertThat(company.get("ADDRESS").isNull()).isTrue();
		assertThat(company.get("UF_CRM_COORDINATES").asText()).matches("55\\.\\d+,37\\.\\d+");
	}

	// --- outbound events
	// -----------------------------------------------------------------------------------

	@Test
	void changesArePostedFormEncodedWithTheApplicationToken() throws Exception {
		long id = addItem("{\"title\":\"Визит\",\"companyId\":101}");
		Captured add = nextEvent("ONCRMDYNAMICITEMADD");
		assertThat(add.contentType()).isEqualTo("application/x-www-form-urlencoded");
		assertThat(add.body()).containsEntry("event", "ONCRMDYNAMICITEMADD")
			.containsEntry("event_handler_id", "17")
			.containsEntry("data", Map.of("FIELDS", Map.of("ID", String.valueOf(id), "ENTITY_TYPE_ID", "1036")))
			.containsKeys("ts", "auth");
		assertThat(add.body().keySet()).containsExactly("event", "event_handler_id", "data", "ts", "auth");
		@SuppressWarnings("unchecked")
		Map<String, Object> auth = (Map<String, Object>) add.body().get("auth");
		assertThat(auth.keySet()).containsExactly("domain", "client_endpoint", "server_endpoint", "member_id",
				"application_token");
		assertThat(auth).containsEntry("application_token", "test-application-token");

		// nothing changed: nothing saved, no event
		postJson("crm.item.update", "{\"entityTypeId\":1036,\"id\":" + id + ",\"fields\":{\"title\":\"Визит\"}}");
		this.sandbox.moveItem(id, "PREPARATION", 2);
		Captured moved = nextEvent("ONCRMDYNAMICITEMUPDATE");
		assertThat(moved.body()).containsEntry("event", "ONCRMDYNAMICITEMUPDATE");
		assertThat(this.sandbox.item(id)).hasValueSatisfying((item) -> {
			assertThat(item.get("updatedBy")).isEqualTo(2L);
			assertThat(item.get("movedBy")).isEqualTo(2L);
		});

		this.sandbox.updateCompany(101, 3, Map.of("TITLE", "ООО «Ромашка-Плюс»"));
		Captured company = nextEvent("ONCRMCOMPANYUPDATE");
		assertThat(company.body()).containsEntry("event", "ONCRMCOMPANYUPDATE")
			.containsEntry("data", Map.of("FIELDS", Map.of("ID", "101")));

		this.sandbox.setEventDelivery(false);
		postJson("crm.item.delete", "{\"entityTypeId\":1036,\"id\":" + id + "}");
		assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
		assertThat(this.sandbox.recentEvents()).anySatisfy((event) -> {
			assertThat(event.event()).isEqualTo("ONCRMDYNAMICITEMDELETE");
			assertThat(event.outcome()).isEqualTo(SentEvent.Outcome.DROPPED);
		});
		this.sandbox.setEventDelivery(true);
		long other = addItem("{}");
		postJson("crm.item.delete", "{\"entityTypeId\":1036,\"id\":" + other + "}");
		assertThat(nextEvent("ONCRMDYNAMICITEMADD").body()).containsEntry("event", "ONCRMDYNAMICITEMADD");
		assertThat(nextEvent("ONCRMDYNAMICITEMDELETE").body()).containsEntry("event", "ONCRMDYNAMICITEMDELETE");
	}

	// --- the page
	// ------------------------------------------------------------------------------------------

	@Test
	void thePageActsAsAPersonInThePortal() throws Exception {
		this.mvc.perform(get("/bitrix24-sandbox").accept(MediaType.TEXT_HTML))
			.andExpect(redirectedUrlPattern("**/login"));
		long id = this.sandbox.createItem(2, Map.of("title", "Визит на странице", "companyId", 102))
			.get("id") instanceof Number number ? number.longValue() : 0;
		assertThat(nextEvent("ONCRMDYNAMICITEMADD").body()).containsEntry("event", "ONCRMDYNAMICITEMADD");
		this.mvc.perform(get("/bitrix24-sandbox").param("as", "3").param("company", "102").with(user("head1")))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Визит на странице")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Повторные визиты")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("ИП Кузнецов, магазин «У дома»")));
		this.mvc
			.perform(post("/bitrix24-sandbox/items/{id}/move", id).param("as", "3")
				.param("stageId", "DT1036_11:UC_CANCELLED")
				.with(user("head1"))
				.with(csrf()))
			.andExpect(redirectedUrlPattern("/bitrix24-sandbox?as=3*"));
		assertThat(this.sandbox.item(id)).hasValueSatisfying((item) -> {
			assertThat(item.get("stageId")).isEqualTo("DT1036_11:UC_CANCELLED");
			assertThat(item.get("updatedBy")).isEqualTo(3L);
		});
		assertThat(nextEvent("ONCRMDYNAMICITEMUPDATE").body()).containsEntry("event", "ONCRMDYNAMICITEMUPDATE");
		this.mvc
			.perform(post("/bitrix24-sandbox/items").param("as", "2")
				.param("companyId", "201")
				.param("assignedById", "3")
				.param("plannedStart", "2026-12-20T11:00")
				.param("visitType", "meeting")
				.with(user("head1"))
				.with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(this.sandbox.items()).anySatisfy((item) -> {
			assertThat(item.get("companyId")).isEqualTo(201L);
			assertThat(item.get("createdBy")).isEqualTo(2L);
			// planned in the rep's zone (Yekaterinburg), shown in the portal's (Moscow)
			assertThat(item.get("ufCrmVisitStart")).isEqualTo("2026-12-20T09:00:00+03:00");
			assertThat(item.get("ufCrmVisitDuration")).isEqualTo(60L);
		});
		this.mvc
			.perform(post("/bitrix24-sandbox/companies/{id}", 102).param("as", "1")
				.param("title", "ИП Кузнецов, магазин «У дома»")
				.param("phone", "+7 495 111-22-33")
				.param("address1", "ул. Тверская, 7")
				.param("city", "Москва")
				.param("postalCode", "125009")
				.with(user("head1"))
				.with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(this.sandbox.companyAddress(102))
			.hasValueSatisfying((address) -> assertThat(address.get("ADDRESS_1")).isEqualTo("ул. Тверская, 7"));
		this.mvc
			.perform(post("/bitrix24-sandbox/failure").param("as", "1")
				.param("mode", "OUTAGE")
				.with(user("head1"))
				.with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(this.sandbox.failureMode()).isEqualTo(FailureMode.OUTAGE);
	}

}
