package ru.visitflow.bitrix24.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The client against a local MockWebServer that answers with the bodies Bitrix24
 * documents or was seen to send ({@code src/test/resources/bitrix24-samples}). Retries
 * wait a millisecond or so, so no test sleeps long.
 */
class OkHttpBitrix24Tests {

	private static final String CODE = "x7k2p9q4w1z8m3n6";

	private static final String WEBHOOK_PATH = "/rest/1/" + CODE + "/";

	private static final String OK = "{\"result\":true,\"time\":{\"start\":1724916859.4,\"finish\":1724916859.5}}";

	private final ObjectMapper json = new ObjectMapper();

	private final List<MockWebServer> servers = new ArrayList<>();

	private final List<OkHttpBitrix24> clients = new ArrayList<>();

	private MockWebServer server;

	@BeforeEach
	void startServer() {
		this.server = startedServer();
	}

	@AfterEach
	void stopAll() {
		this.clients.forEach(OkHttpBitrix24::close);
		this.servers.forEach(MockWebServer::close);
	}

	private MockWebServer startedServer() {
		MockWebServer started = new MockWebServer();
		try {
			started.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.servers.add(started);
		return started;
	}

	private OkHttpBitrix24 client() {
		return client(this.server.url(WEBHOOK_PATH), TestSettings.NO_LIMIT, TestSettings.TIMEOUTS, Clock.systemUTC());
	}

	private OkHttpBitrix24 client(HttpUrl base, ClientSettings.RateLimit rateLimit, ClientSettings.Timeouts timeouts,
			Clock clock) {
		OkHttpBitrix24 client = new OkHttpBitrix24(Bitrix24Endpoint.fixed(base), rateLimit, TestSettings.FAST_RETRY,
				timeouts, this.json, clock);
		this.clients.add(client);
		return client;
	}

	static String sample(String name) {
		try (InputStream in = OkHttpBitrix24Tests.class.getResourceAsStream("/bitrix24-samples/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static MockResponse answer(int status, String body) {
		return new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "application/json; charset=utf-8")
			.body(body)
			.build();
	}

	private static MockResponse html(int status, String body) {
		return new MockResponse.Builder().code(status)
			.addHeader("Content-Type", "text/html; charset=utf-8")
			.body(body)
			.build();
	}

	private JsonNode body(RecordedRequest request) throws IOException {
		return this.json.readTree(request.getBody().utf8());
	}

	private JsonNode tree(String text) throws IOException {
		return this.json.readTree(text);
	}

	private RecordedRequest take(MockWebServer from) throws InterruptedException {
		RecordedRequest request = from.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request).as("a request arrived").isNotNull();
		return request;
	}

	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int index = 0; index < keysAndValues.length; index += 2) {
			map.put((String) keysAndValues[index], keysAndValues[index + 1]);
		}
		return map;
	}

	private List<Duration> retryWaits(OkHttpBitrix24 client) {
		List<Duration> waits = new CopyOnWriteArrayList<>();
		client.retry().getEventPublisher().onRetry((event) -> waits.add(event.getWaitInterval()));
		return waits;
	}

	// call: envelope

	@Test
	void callPostsJsonToTheMethodUnderTheWebhookAndReadsResultTotalAndTime() throws Exception {
		this.server.enqueue(answer(200, sample("08-crm-item-list-response.docs.json")));

		Bitrix24Response response = client().call("crm.item.list",
				ordered("entityTypeId", 1, "select", List.of("id", "title"), "filter", ordered("assignedById", null)));

		assertThat(response.result().path("items")).hasSize(4);
		assertThat(response.result().path("items").get(0).path("title").asText()).isEqualTo("Lead #253");
		assertThat(response.total()).isEqualTo(4);
		assertThat(response.next()).isNull();
		assertThat(response.time().path("operating").asInt()).isZero();
		RecordedRequest request = take(this.server);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getUrl().encodedPath()).isEqualTo(WEBHOOK_PATH + "crm.item.list");
		assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
		assertThat(request.getHeaders().get("User-Agent")).startsWith("Visitflow/");
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(body(request))
			.isEqualTo(tree("{\"entityTypeId\":1,\"select\":[\"id\",\"title\"],\"filter\":{\"assignedById\":null}}"));
	}

	@Test
	void nextIsReadWhenMorePagesExist() throws Exception {
		ObjectNode page = (ObjectNode) tree(sample("08-crm-item-list-response.docs.json"));
		page.put("total", 120).put("next", 50);
		this.server.enqueue(answer(200, page.toString()));

		Bitrix24Response response = client().call("crm.item.list", Map.of("entityTypeId", 1));

		assertThat(response.total()).isEqualTo(120);
		assertThat(response.next()).isEqualTo(50);
	}

	@Test
	void resultMayBeABareArrayWithOperatingTimes() {
		this.server.enqueue(answer(200, sample("15-crm-company-list-response.docs.json")));

		Bitrix24Response response = client().call("crm.company.list", null);

		assertThat(response.result().isArray()).isTrue();
		assertThat(response.result().get(0).path("PHONE").get(0).path("VALUE").asText()).isEqualTo("+19998887766");
		assertThat(response.operatingResetAt()).isEqualTo(Instant.ofEpochSecond(1769499459));
	}

	// call: errors

	static Stream<Arguments> documentedErrors() {
		return Stream.of(
				Arguments.of(400, sample("11-error-crm-item-not-found.docs.json"), "NOT_FOUND", "Element not found"),
				Arguments.of(401, sample("19-error-no-auth-found.json"), "NO_AUTH_FOUND", "Wrong authorization data"),
				Arguments.of(403,
						"{\"error\":\"ACCESS_DENIED\",\"error_description\":\"REST API is available only on commercial plans\"}",
						"ACCESS_DENIED", "REST API is available only on commercial plans"),
				Arguments.of(404, sample("18-error-method-not-found.json"), "ERROR_METHOD_NOT_FOUND",
						"Method not found!"));
	}

	@ParameterizedTest
	@MethodSource("documentedErrors")
	void clientErrorsAreThrownWithStatusCodeAndDescriptionAndNotRetried(int status, String body, String code,
			String description) {
		this.server.enqueue(answer(status, body));
		this.server.enqueue(answer(200, OK));

		assertThatExceptionOfType(Bitrix24Exception.class)
			.isThrownBy(() -> client().call("crm.item.get", Map.of("entityTypeId", 1036, "id", 999)))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(status);
				assertThat(ex.code()).isEqualTo(code);
				assertThat(ex.description()).isEqualTo(description);
				assertThat(ex.method()).isEqualTo("crm.item.get");
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.isAccessProblem()).isEqualTo(status == 401 || status == 403);
			});
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void errorInAnHttp200BodyIsThrown() {
		this.server.enqueue(answer(200, sample("11-error-crm-item-not-found.docs.json")));

		assertThatExceptionOfType(Bitrix24Exception.class)
			.isThrownBy(() -> client().call("crm.item.get", Map.of("entityTypeId", 1036, "id", 999)))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(200);
				assertThat(ex.code()).isEqualTo("NOT_FOUND");
			});
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void emptyErrorCodeCarriesItsMeaningInTheDescription() {
		this.server.enqueue(answer(400, sample("12-error-calendar-empty-code.docs.json")));

		assertThatExceptionOfType(Bitrix24Exception.class)
			.isThrownBy(() -> client().call("calendar.event.add", Map.of("type", "user", "ownerId", 1)))
			.satisfies((ex) -> {
				assertThat(ex.code()).isEmpty();
				assertThat(ex.description())
					.isEqualTo("The required parameter \"name\" for the method \"calendar.event.add\" is not set");
				assertThat(ex.getMessage()).isEqualTo("Bitrix24 calendar.event.add failed with HTTP 400: "
						+ "The required parameter \"name\" for the method \"calendar.event.add\" is not set");
			});
	}

	@Test
	void nonJsonAnswerIsReportedWithItsStatusAndOnlyTheStartOfTheBody() {
		this.server.enqueue(html(200, "<html><body>" + "Portal is overloaded. ".repeat(200) + "</body></html>"));

		assertThatExceptionOfType(Bitrix24Exception.class).isThrownBy(() -> client().call("batch", Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(200);
				assertThat(ex.description()).contains("text/html").contains("Portal is overloaded.");
				assertThat(ex.description().length()).isLessThan(300);
			});
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	// call: retries

	@Test
	void queryLimitExceededIsRetriedUntilItPasses() {
		OkHttpBitrix24 client = client();
		List<Duration> waits = retryWaits(client);
		this.server.enqueue(answer(503, sample("17-error-query-limit-exceeded.json")));
		this.server.enqueue(answer(503, sample("17-error-query-limit-exceeded.json")));
		this.server.enqueue(answer(200, OK));

		Bitrix24Response response = client.call("crm.item.update", Map.of("id", 5));

		assertThat(response.result().asBoolean()).isTrue();
		assertThat(this.server.getRequestCount()).isEqualTo(3);
		assertThat(waits).hasSize(2).allSatisfy((wait) -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(5)));
	}

	@Test
	void serverErrorsAndNonJsonGatewayPagesAreRetried() {
		this.server
			.enqueue(answer(500, "{\"error\":\"INTERNAL_SERVER_ERROR\",\"error_description\":\"Internal error\"}"));
		this.server.enqueue(html(502, "<html><head><title>502 Bad Gateway</title></head></html>"));
		this.server.enqueue(answer(200, OK));

		assertThat(client().call("crm.item.update", Map.of("id", 5)).result().asBoolean()).isTrue();
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void readTimeoutsAreRetried() {
		OkHttpBitrix24 client = client(this.server.url(WEBHOOK_PATH), TestSettings.NO_LIMIT,
				new ClientSettings.Timeouts(Duration.ofSeconds(2), Duration.ofMillis(200)), Clock.systemUTC());
		this.server.enqueue(new MockResponse.Builder().body(OK).headersDelay(1, TimeUnit.SECONDS).build());
		this.server.enqueue(answer(200, OK));

		assertThat(client.call("crm.item.get", Map.of("id", 5)).result().asBoolean()).isTrue();
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void aCreateThatMayHaveRunIsNotSentAgainButARefusedOneIs() {
		// a 500 after an add may mean the item exists: the caller looks for it before
		// trying again
		this.server.enqueue(
				answer(500, "{\"error\":\"INTERNAL_SERVER_ERROR\",\"error_description\":\"Internal server error\"}"));
		assertThatExceptionOfType(Bitrix24Exception.class).isThrownBy(
				() -> client().batch(List.of(new BatchCommand("a", "crm.item.add", Map.of("fields", Map.of()))), false))
			.satisfies((ex) -> assertThat(ex.httpStatus()).isEqualTo(500));
		assertThat(this.server.getRequestCount()).isEqualTo(1);

		// QUERY_LIMIT_EXCEEDED means Bitrix24 did not run it: safe to send again
		this.server.enqueue(answer(503, sample("17-error-query-limit-exceeded.json")));
		this.server.enqueue(answer(200, "{\"result\":7,\"time\":{}}"));
		assertThat(client().call("calendar.event.add", Map.of("name", "x")).result().asLong()).isEqualTo(7);
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void exhaustedRetriesThrowTheLastFailure() {
		for (int attempt = 0; attempt < TestSettings.FAST_RETRY.maxAttempts(); attempt++) {
			this.server.enqueue(answer(503, sample("17-error-query-limit-exceeded.json")));
		}
		this.server.enqueue(answer(200, OK));

		assertThatExceptionOfType(Bitrix24Exception.class).isThrownBy(() -> client().call("crm.item.get", Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(503);
				assertThat(ex.code()).isEqualTo("QUERY_LIMIT_EXCEEDED");
				assertThat(ex.isTransient()).isTrue();
			});
		assertThat(this.server.getRequestCount()).isEqualTo(TestSettings.FAST_RETRY.maxAttempts());
	}

	@Test
	void connectionFailuresAreRetriedAndThenThrownWithoutAStatus() {
		HttpUrl nobodyListens = this.server.url(WEBHOOK_PATH);
		this.server.close();
		OkHttpBitrix24 client = client(nobodyListens, TestSettings.NO_LIMIT, TestSettings.TIMEOUTS, Clock.systemUTC());
		List<Duration> waits = retryWaits(client);

		assertThatExceptionOfType(Bitrix24Exception.class).isThrownBy(() -> client.call("crm.item.get", Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isZero();
				assertThat(ex.getCause()).isInstanceOf(IOException.class);
			});
		assertThat(waits).hasSize(TestSettings.FAST_RETRY.maxAttempts() - 1);
	}

	// operating limit

	@Test
	void operationTimeLimitPausesOnlyThatMethodUntilTheAnnouncedResetWithoutWaitingOnTheCallersThread()
			throws Exception {
		JsonNode time = tree(sample("13-time-object-with-operating.docs.json")).path("time");
		Instant resetAt = Instant.ofEpochSecond(time.path("operating_reset_at").asLong());
		OkHttpBitrix24 client = client(this.server.url(WEBHOOK_PATH), TestSettings.NO_LIMIT, TestSettings.TIMEOUTS,
				Clock.fixed(resetAt.minusSeconds(200), ZoneOffset.UTC));
		List<Duration> waits = retryWaits(client);
		this.server.enqueue(answer(200, "{\"result\":{\"item\":{\"id\":5}},\"time\":" + time + "}"));
		this.server.enqueue(answer(429, blockedBody()));
		this.server.enqueue(answer(200, sample("08-crm-item-list-response.docs.json")));
		client.call("crm.item.get", Map.of("entityTypeId", 1036, "id", 5));

		long started = System.nanoTime();
		assertThatExceptionOfType(OperationTimeLimitException.class)
			.isThrownBy(() -> client.call("crm.item.get", Map.of("entityTypeId", 1036, "id", 5)))
			.satisfies((ex) -> assertThat(ex.resetAt()).isEqualTo(resetAt));
		// the method stays paused: no request, no wait
		assertThatExceptionOfType(OperationTimeLimitException.class)
			.isThrownBy(() -> client.call("crm.item.get", Map.of("entityTypeId", 1036, "id", 6)));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
		assertThat(waits).isEmpty();
		assertThat(client.pausedUntil("crm.item.get")).contains(resetAt);
		// another method goes on
		assertThat(client.call("crm.item.list", Map.of("entityTypeId", 1036)).total()).isEqualTo(4);
		assertThat(client.pausedUntil("crm.item.list")).isEmpty();
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void operationTimeLimitOfAMethodWithoutAKnownResetPausesItForAMinute() throws Exception {
		Instant now = Instant.parse("2026-12-01T10:00:00Z");
		OkHttpBitrix24 client = client(this.server.url(WEBHOOK_PATH), TestSettings.NO_LIMIT, TestSettings.TIMEOUTS,
				Clock.fixed(now, ZoneOffset.UTC));
		List<Duration> waits = retryWaits(client);
		this.server.enqueue(answer(429, blockedBody()));

		assertThatExceptionOfType(OperationTimeLimitException.class)
			.isThrownBy(() -> client.call("crm.item.list", Map.of("entityTypeId", 1036)))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(429);
				assertThat(ex.method()).isEqualTo("crm.item.list");
				assertThat(ex.resetAt()).isEqualTo(now.plusSeconds(60));
			});
		assertThat(waits).isEmpty();
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void aBatchCommandBlockedByItsOperatingLimitPausesItsMethodAndLaterBatchesDoNotSendIt() throws Exception {
		Instant now = Instant.ofEpochSecond(1681569467L);
		OkHttpBitrix24 client = client(this.server.url(WEBHOOK_PATH), TestSettings.NO_LIMIT, TestSettings.TIMEOUTS,
				Clock.fixed(now, ZoneOffset.UTC));
		String id = "f26b4ebc-3a82-4fe6-8d26-595d6eaf029b";
		this.server.enqueue(answer(200, sample("07-batch-response-operation-time-limit.json")));
		client.batch(List.of(new BatchCommand(id, "crm.item.list", Map.of())), false);
		assertThat(client.pausedUntil("crm.item.list")).isPresent();
		this.server.takeRequest();

		this.server.enqueue(answer(200, "{\"result\":{\"result\":{\"u\":true},\"result_error\":[],"
				+ "\"result_total\":[],\"result_next\":[],\"result_time\":[]},\"time\":{}}"));
		BatchResponse response = client.batch(List.of(new BatchCommand("l", "crm.item.list", Map.of()),
				new BatchCommand("u", "crm.company.update", Map.of("id", 1))), false);

		assertThat(response.error("l").orElseThrow().code()).isEqualTo("OPERATION_TIME_LIMIT");
		assertThat(response.result("u")).isPresent();
		JsonNode sent = body(this.server.takeRequest());
		assertThat(sent.path("cmd").has("l")).isFalse();
		assertThat(sent.path("cmd").has("u")).isTrue();
	}

	private static String blockedBody() throws IOException {
		JsonNode batch = new ObjectMapper().readTree(sample("07-batch-response-operation-time-limit.json"));
		return batch.path("result").path("result_error").elements().next().toString();
	}

	// portal moved

	@Test
	void movedPortalGetsTheSamePostAgainAndKeepsGettingLaterCalls() throws Exception {
		MockWebServer moved = startedServer();
		this.server.enqueue(new MockResponse.Builder().code(302)
			.addHeader("Location", moved.url(WEBHOOK_PATH + "crm.item.get"))
			.build());
		moved.enqueue(answer(200, "{\"result\":{\"item\":{\"id\":5}}}"));
		moved.enqueue(answer(200, sample("08-crm-item-list-response.docs.json")));
		OkHttpBitrix24 client = client();

		Bitrix24Response item = client.call("crm.item.get", Map.of("entityTypeId", 1036, "id", 5));
		Bitrix24Response list = client.call("crm.item.list", Map.of("entityTypeId", 1036));

		assertThat(item.result().path("item").path("id").asInt()).isEqualTo(5);
		assertThat(list.total()).isEqualTo(4);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		RecordedRequest again = take(moved);
		assertThat(again.getMethod()).isEqualTo("POST");
		assertThat(again.getUrl().encodedPath()).isEqualTo(WEBHOOK_PATH + "crm.item.get");
		assertThat(body(again)).isEqualTo(tree("{\"entityTypeId\":1036,\"id\":5}"));
		assertThat(take(moved).getUrl().encodedPath()).isEqualTo(WEBHOOK_PATH + "crm.item.list");
	}

	@Test
	void aRedirectIsFollowedOnlyWithinHttpsOrBetweenLoopbackAddresses() {
		HttpUrl portal = HttpUrl.get("https://old.bitrix24.ru/rest/1/code/crm.item.get");
		assertThat(OkHttpBitrix24.followable(portal, HttpUrl.get("https://new.bitrix24.ru/rest/1/code/crm.item.get")))
			.isTrue();
		assertThat(OkHttpBitrix24.followable(portal, HttpUrl.get("http://old.bitrix24.ru/rest/1/code/crm.item.get")))
			.isFalse();
		assertThat(OkHttpBitrix24.followable(HttpUrl.get("http://portal.example.ru/rest/1/code/m"),
				HttpUrl.get("http://elsewhere.example.ru/rest/1/code/m")))
			.isFalse();
		assertThat(OkHttpBitrix24.followable(HttpUrl.get("http://localhost:8080/rest/1/code/m"),
				HttpUrl.get("http://127.0.0.1:8081/rest/1/code/m")))
			.isTrue();
	}

	@Test
	void aRedirectToAnotherHostOverHttpIsRefusedAndNeitherFollowedNorLeaksTheSecret() {
		this.server.enqueue(new MockResponse.Builder().code(302)
			.addHeader("Location", "http://attacker.example.org" + WEBHOOK_PATH + "crm.item.get")
			.build());
		assertThatExceptionOfType(Bitrix24Exception.class)
			.isThrownBy(() -> client().call("crm.item.get", Map.of("entityTypeId", 1036, "id", 5)))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains("attacker.example.org", "refused");
				assertThat(ex.getMessage()).doesNotContain(WEBHOOK_PATH);
			});
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	// batch

	@Test
	void batchSendsCommandsAsPhpQueriesInAJsonBody() throws Exception {
		this.server.enqueue(answer(200, sample("05-batch-response-success.docs.json")));

		client().batch(List.of(
				new BatchCommand("update", "crm.item.update",
						ordered("entityTypeId", 1036, "id", 5, "fields",
								ordered("stageId", "DT1036_11:PREPARATION", "contactIds", List.of(4)))),
				new BatchCommand("get_user", "user.current", Map.of())), false);

		RecordedRequest request = take(this.server);
		assertThat(request.getUrl().encodedPath()).isEqualTo(WEBHOOK_PATH + "batch");
		assertThat(body(request))
			.isEqualTo(tree("{\"halt\":0,\"cmd\":{" + "\"update\":\"crm.item.update?entityTypeId=1036&id=5"
					+ "&fields[stageId]=DT1036_11%3APREPARATION&fields[contactIds][0]=4\","
					+ "\"get_user\":\"user.current\"}}"));
	}

	@Test
	void batchSuccessMapsResultsAndTotalsToCommandIds() {
		this.server.enqueue(answer(200, sample("05-batch-response-success.docs.json")));

		BatchResponse response = client().batch(List.of(new BatchCommand("get_user", "user.current", Map.of()),
				new BatchCommand("get_department", "department.get", Map.of("ID", 1))), false);

		assertThat(response.results()).containsOnlyKeys("get_user", "get_department");
		assertThat(response.result("get_user").orElseThrow().path("NAME").asText()).isEqualTo("John");
		assertThat(response.result("get_department").orElseThrow().get(0).path("NAME").asText()).isEqualTo("DEMO");
		assertThat(response.errors()).isEmpty();
		assertThat(response.totals()).containsExactly(Map.entry("get_department", 1));
		assertThat(response.nexts()).isEmpty();
	}

	@Test
	void batchPartialFailuresComeBackAsErrorsOfTheirCommandsNotAsExceptions() throws Exception {
		this.server.enqueue(answer(200, sample("06-batch-response-error-halt0.docs.json")));

		BatchResponse response = client().batch(List.of(new BatchCommand("get_user", "user.current", Map.of()),
				new BatchCommand("get_department", "department.get", Map.of("ID", 1))), true);

		assertThat(response.results()).isEmpty();
		assertThat(response.errors()).containsOnlyKeys("get_user", "get_department");
		assertThat(response.error("get_user")).contains(new Bitrix24Error("insufficient_scope", ""));
		assertThat(response.totals()).isEmpty();
		assertThat(body(take(this.server)).path("halt").asInt()).isEqualTo(1);
	}

	@Test
	void batchCommandBlockedByItsOperatingLimitIsAnErrorOfThatCommand() {
		this.server.enqueue(answer(200, sample("07-batch-response-operation-time-limit.json")));
		String id = "f26b4ebc-3a82-4fe6-8d26-595d6eaf029b";

		BatchResponse response = client().batch(List.of(new BatchCommand(id, "crm.item.list", Map.of())), false);

		assertThat(response.results()).isEmpty();
		assertThat(response.error(id).orElseThrow().code()).isEqualTo("OPERATION_TIME_LIMIT");
		assertThat(response.error(id).orElseThrow().description())
			.isEqualTo("Method is blocked due to operation time limit.");
	}

	@Test
	void batchMapsKeyedByIndexMayArriveAsArrays() {
		this.server.enqueue(answer(200, "{\"result\":{\"result\":[{\"ID\":\"7\"},true],\"result_error\":[],"
				+ "\"result_total\":[5,0],\"result_next\":{\"0\":50},\"result_time\":[]},\"time\":{}}"));

		BatchResponse response = client().batch(List.of(new BatchCommand("0", "crm.company.list", Map.of()),
				new BatchCommand("1", "crm.company.update", Map.of("id", 7))), false);

		assertThat(response.results()).containsOnlyKeys("0", "1");
		assertThat(response.result("0").orElseThrow().path("ID").asText()).isEqualTo("7");
		assertThat(response.totals()).containsEntry("0", 5).containsEntry("1", 0);
		assertThat(response.nexts()).containsExactly(Map.entry("0", 50));
		assertThat(response.errors()).isEmpty();
	}

	@Test
	void batchOfMoreThanFiftyCommandsIsRefusedBeforeAnythingIsSent() {
		List<BatchCommand> commands = IntStream.rangeClosed(1, 51)
			.mapToObj((id) -> new BatchCommand("c" + id, "crm.item.get", Map.of("id", id)))
			.toList();

		assertThatIllegalArgumentException().isThrownBy(() -> client().batch(commands, false));
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void batchOfFiftyCommandsTakesOnePermit() {
		// 1 permit per window of 1 000 s: nothing refills while the test runs
		OkHttpBitrix24 client = client(this.server.url(WEBHOOK_PATH), new ClientSettings.RateLimit(0.001, 20),
				TestSettings.TIMEOUTS, Clock.systemUTC());
		this.server.enqueue(answer(200, sample("05-batch-response-success.docs.json")));
		List<BatchCommand> commands = IntStream.rangeClosed(1, 50)
			.mapToObj((id) -> new BatchCommand("c" + id, "crm.item.get", Map.of("id", id)))
			.toList();

		client.batch(commands, false);

		assertThat(client.rateLimiter().getMetrics().getAvailablePermissions()).isEqualTo(0);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	// scan

	private static String itemsPage(int fromId, int count) {
		StringBuilder items = new StringBuilder();
		for (int id = fromId; id < fromId + count; id++) {
			items.append((id > fromId) ? "," : "")
				.append("{\"id\":")
				.append(id)
				.append(",\"title\":\"Visit ")
				.append(id)
				.append("\"}");
		}
		return "{\"result\":{\"items\":[" + items + "]},\"time\":{\"operating\":0}}";
	}

	@Test
	void scanReadsEveryPageInIdOrderAfterTheLastIdSeenKeepingTheCallersFilter() throws Exception {
		this.server.enqueue(answer(200, itemsPage(1, 50)));
		this.server.enqueue(answer(200, itemsPage(51, 50)));
		this.server.enqueue(answer(200, itemsPage(101, 7)));
		Map<String, Object> params = ordered("entityTypeId", 1036, "select", List.of("id", "title"), "filter",
				ordered("categoryId", 11), "order", Map.of("title", "DESC"), "start", 100);

		List<JsonNode> rows = client().scan("crm.item.list", params, "items", "id").toList();

		assertThat(rows).extracting((row) -> row.path("id").asInt())
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 107).boxed().toList());
		assertThat(this.server.getRequestCount()).isEqualTo(3);
		String common = "\"entityTypeId\":1036,\"select\":[\"id\",\"title\"],\"order\":{\"id\":\"ASC\"},\"start\":-1";
		assertThat(body(take(this.server))).isEqualTo(tree("{" + common + ",\"filter\":{\"categoryId\":11}}"));
		assertThat(body(take(this.server)))
			.isEqualTo(tree("{" + common + ",\"filter\":{\"categoryId\":11,\">id\":50}}"));
		assertThat(body(take(this.server)))
			.isEqualTo(tree("{" + common + ",\"filter\":{\"categoryId\":11,\">id\":100}}"));
	}

	@Test
	void scanFetchesPagesOnlyAsTheStreamIsConsumed() {
		this.server.enqueue(answer(200, itemsPage(1, 50)));
		this.server.enqueue(answer(200, itemsPage(51, 50)));

		Stream<JsonNode> rows = client().scan("crm.item.list", Map.of("entityTypeId", 1036), "items", "id");
		assertThat(this.server.getRequestCount()).isZero();
		assertThat(rows.limit(10).toList()).hasSize(10);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void scanOfABareArrayUsesTheGivenIdFieldAndTheCallersKeyCase() throws Exception {
		this.server.enqueue(answer(200, sample("15-crm-company-list-response.docs.json")));

		List<JsonNode> rows = client()
			.scan("crm.company.list",
					ordered("FILTER", ordered("ASSIGNED_BY_ID", 811), "select", List.of("TITLE", "PHONE")), "", "ID")
			.toList();

		assertThat(rows).extracting((row) -> row.path("ID").asText()).containsExactly("2919");
		assertThat(body(take(this.server))).isEqualTo(tree("{\"FILTER\":{\"ASSIGNED_BY_ID\":811},"
				+ "\"select\":[\"TITLE\",\"PHONE\",\"ID\"],\"order\":{\"ID\":\"ASC\"},\"start\":-1}"));
	}

	@Test
	void scanAfterStringIdsFiltersNumerically() {
		Map<String, Object> params = OkHttpBitrix24.pageParams(Map.of(), "ID",
				this.json.getNodeFactory().textNode("2919"));

		assertThat(params).containsEntry("filter", Map.of(">ID", 2919L)).containsEntry("start", -1);
	}

	// rate limit

	@Test
	void limiterMappingKeepsShortWindowsWithinHalfTheBurstAtThePortalsRate() {
		RateLimiterConfig standard = OkHttpBitrix24.rateLimiterConfig(new ClientSettings.RateLimit(2, 50),
				Duration.ofSeconds(65));
		RateLimiterConfig enterprise = OkHttpBitrix24.rateLimiterConfig(new ClientSettings.RateLimit(5, 250),
				Duration.ofSeconds(65));

		assertThat(standard.getLimitForPeriod()).isEqualTo(5);
		assertThat(standard.getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(2_500));
		assertThat(standard.getTimeoutDuration()).isEqualTo(Duration.ofSeconds(65));
		assertThat(enterprise.getLimitForPeriod()).isEqualTo(12);
		assertThat(enterprise.getLimitRefreshPeriod()).isEqualTo(Duration.ofMillis(2_400));
	}

	/**
	 * Whatever the limiter lets through, the portal's bucket (drain {@code rps}, capacity
	 * {@code burst}) never overflows: random and worst-case (full windows back to back at
	 * a window edge) schedules alike.
	 */
	@Test
	void nothingTheLimiterAllowsOverflowsThePortalsBucket() {
		Random random = new Random(42);
		for (ClientSettings.RateLimit limit : List.of(new ClientSettings.RateLimit(2, 50),
				new ClientSettings.RateLimit(5, 250), new ClientSettings.RateLimit(20, 2),
				new ClientSettings.RateLimit(2, 51))) {
			RateLimiterConfig config = OkHttpBitrix24.rateLimiterConfig(limit, Duration.ofSeconds(65));
			double window = config.getLimitRefreshPeriod().toNanos() / 1e9;
			for (int schedule = 0; schedule < 50; schedule++) {
				List<Double> arrivals = new ArrayList<>();
				for (int index = 0; index < 40; index++) {
					double start = index * window;
					for (int permit = 0; permit < config.getLimitForPeriod(); permit++) {
						double at = switch (schedule % 3) {
							case 0 -> start + ((index % 2 == 0) ? window * 0.999999 : 0);
							case 1 -> start + random.nextDouble() * window;
							default -> start + random.nextDouble() * window * 0.001;
						};
						arrivals.add(at);
					}
				}
				Collections.sort(arrivals);
				double level = 0;
				double last = 0;
				for (double at : arrivals) {
					level = Math.max(0, level - (at - last) * limit.requestsPerSecond()) + 1;
					last = at;
					assertThat(level).as("bucket level for %s", limit).isLessThanOrEqualTo(limit.burst() + 1e-6);
				}
			}
		}
	}

	@Test
	void limiterPacesRequestsToTheConfiguredRate() {
		// burst 2 at 20/s: 1 permit per 50 ms window, so the 5th request waits for the
		// 5th window at least
		List<Long> arrivals = new CopyOnWriteArrayList<>();
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				arrivals.add(System.nanoTime());
				return answer(200, OK);
			}
		});
		OkHttpBitrix24 client = client(this.server.url(WEBHOOK_PATH), new ClientSettings.RateLimit(20, 2),
				TestSettings.TIMEOUTS, Clock.systemUTC());

		long started = System.nanoTime();
		for (int call = 0; call < 5; call++) {
			client.call("crm.item.get", Map.of("id", call));
		}

		assertThat(arrivals).hasSize(5);
		// the first permit's window began at most 50 ms before the start, the 5th window
		// 4 × 50 ms after that
		assertThat(Duration.ofNanos(arrivals.get(4) - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
		assertThat(client.rateLimiter().getRateLimiterConfig().getLimitForPeriod()).isEqualTo(1);
	}

	// the webhook code is a secret

	@Test
	void webhookCodeAppearsInNoExceptionNoLogLineAndNoToString() {
		Logger logger = (Logger) LoggerFactory.getLogger(OkHttpBitrix24.class);
		Level level = logger.getLevel();
		ListAppender<ILoggingEvent> logs = new ListAppender<>();
		logs.start();
		logger.addAppender(logs);
		logger.setLevel(Level.DEBUG);
		try {
			List<Throwable> failures = new ArrayList<>();
			OkHttpBitrix24 client = client();
			// 401
			this.server.enqueue(answer(401, sample("19-error-no-auth-found.json")));
			failures.add(catchFailure(() -> client.call("crm.item.get", Map.of("id", 1))));
			// an overloaded portal's page echoing the request path, retried and logged
			// each time
			for (int attempt = 0; attempt < TestSettings.FAST_RETRY.maxAttempts(); attempt++) {
				this.server.enqueue(html(503, "<html><body>Overloaded: POST " + WEBHOOK_PATH + "batch</body></html>"));
			}
			failures.add(catchFailure(() -> client.call("batch", Map.of())));
			// the portal moved
			MockWebServer moved = startedServer();
			this.server.enqueue(new MockResponse.Builder().code(302)
				.addHeader("Location", moved.url(WEBHOOK_PATH + "crm.item.get"))
				.build());
			moved.enqueue(answer(200, OK));
			client.call("crm.item.get", Map.of("id", 1));
			// no answer at all
			moved.close();
			failures.add(catchFailure(() -> client.call("crm.item.get", Map.of("id", 1))));

			assertThat(failures).hasSize(3).allSatisfy((failure) -> {
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					assertThat(String.valueOf(cause.getMessage())).doesNotContain(CODE);
					assertThat(cause.toString()).doesNotContain(CODE);
				}
			});
			assertThat(failures.get(2)).isInstanceOf(Bitrix24Exception.class);
			assertThat(((Bitrix24Exception) failures.get(2)).httpStatus()).isZero();
			assertThat(logs.list).isNotEmpty().allSatisfy((event) -> {
				assertThat(event.getFormattedMessage()).doesNotContain(CODE);
				for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
					assertThat(String.valueOf(thrown.getMessage())).doesNotContain(CODE);
				}
			});
			assertThat(logs.list).anySatisfy(
					(event) -> assertThat(event.getFormattedMessage()).contains("moved").contains(moved.getHostName()));
			assertThat(client.toString()).doesNotContain(CODE);
		}
		finally {
			logger.detachAppender(logs);
			logger.setLevel(level);
		}
	}

	private static Throwable catchFailure(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			return ex;
		}
		throw new AssertionError("the call should have failed");
	}

	@Test
	void springConstructorReadsRateLimitRetriesAndTimeoutsFromTheSettings() {
		OkHttpBitrix24 client = new OkHttpBitrix24(Bitrix24Endpoint.fixed(this.server.url(WEBHOOK_PATH)),
				TestSettings.settings(), this.json);
		this.clients.add(client);

		assertThat(client.rateLimiter().getRateLimiterConfig().getLimitForPeriod()).isEqualTo(5);
		assertThat(client.retry().getRetryConfig().getMaxAttempts()).isEqualTo(TestSettings.FAST_RETRY.maxAttempts());
	}

}
