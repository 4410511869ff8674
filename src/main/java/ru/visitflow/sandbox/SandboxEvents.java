package ru.visitflow.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.wire.PhpQuery;

/**
 * The portal's "Outgoing webhook": after a change it POSTs
 * {@code application/x-www-form-urlencoded} in PHP bracket notation to
 * {@code visitflow.bitrix24-sandbox.event-handler-url}, like Bitrix24's queue does, with
 * only {@code domain}, endpoints, {@code member_id} and {@code application_token} in
 * {@code auth}. Delivery runs on its own small executor so no REST answer waits for it,
 * and is at-most-once: a failure is logged and the event is lost. Delivery can be
 * switched off to drop events on purpose (to exercise reconciliation).
 */
@Component
@ConditionalOnBitrix24Sandbox
class SandboxEvents implements DisposableBean {

	/** The events the outgoing webhook is subscribed to. */
	static final List<String> SUBSCRIBED = List.of("ONCRMDYNAMICITEMADD", "ONCRMDYNAMICITEMUPDATE",
			"ONCRMDYNAMICITEMDELETE", "ONCRMCOMPANYADD", "ONCRMCOMPANYUPDATE");

	private static final Logger logger = LoggerFactory.getLogger(SandboxEvents.class);

	private static final int RECENT = 50;

	private final SandboxProperties settings;

	private final Environment environment;

	private final HttpClient http;

	private final ExecutorService executor;

	private final Clock clock = Clock.systemUTC();

	private final AtomicBoolean delivery = new AtomicBoolean(true);

	private final Deque<SentEvent> recent = new ArrayDeque<>();

	SandboxEvents(SandboxProperties settings, Environment environment) {
		this.settings = settings;
		this.environment = environment;
		this.http = HttpClient.newBuilder()
			.connectTimeout(settings.eventTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000),
				(runnable) -> {
					Thread thread = new Thread(runnable, "bitrix24-sandbox-events");
					thread.setDaemon(true);
					return thread;
				}, (runnable, pool) -> logger.warn("Bitrix24 sandbox: event queue full, event dropped"));
	}

	boolean deliveryEnabled() {
		return this.delivery.get();
	}

	void setDelivery(boolean enabled) {
		this.delivery.set(enabled);
	}

	/**
	 * Queues an event about a smart-process item: {@code data[FIELDS][ENTITY_TYPE_ID]} is
	 * included.
	 */
	void item(String event, long id, int entityTypeId) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("ID", String.valueOf(id));
		fields.put("ENTITY_TYPE_ID", String.valueOf(entityTypeId));
		publish(event, id, fields);
	}

	/**
	 * Queues an event about a company (or another legacy CRM entity): only
	 * {@code data[FIELDS][ID]}.
	 */
	void entity(String event, long id) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("ID", String.valueOf(id));
		publish(event, id, fields);
	}

	private void publish(String event, long id, Map<String, Object> fields) {
		if (!SUBSCRIBED.contains(event)) {
			return;
		}
		String url = handlerUrl();
		if (url == null || url.isBlank()) {
			remember(new SentEvent(this.clock.instant(), event, id, SentEvent.Outcome.NO_HANDLER, "no handler URL"));
			return;
		}
		if (!this.delivery.get()) {
			logger.info("Bitrix24 sandbox: event delivery is off, {} for {} dropped", event, id);
			remember(new SentEvent(this.clock.instant(), event, id, SentEvent.Outcome.DROPPED, "delivery off"));
			return;
		}
		this.executor.execute(() -> deliver(url, event, id, fields));
	}

	/**
	 * The handler URL with {@code {port}} replaced by this server's port, or null when
	 * there is none.
	 */
	String handlerUrl() {
		String url = this.settings.eventHandlerUrl();
		if (url == null || url.isBlank()) {
			return null;
		}
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		return url.replace("{port}", port);
	}

	private void deliver(String url, String event, long id, Map<String, Object> fields) {
		String body = body(event, fields, this.clock.instant());
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url))
				.timeout(this.settings.eventTimeout())
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("User-Agent", "Bitrix24 Webhook Engine")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 == 2) {
				remember(new SentEvent(this.clock.instant(), event, id, SentEvent.Outcome.DELIVERED,
						"HTTP " + response.statusCode()));
			}
			else {
				logger.warn("Bitrix24 sandbox: {} for {} refused by the handler with HTTP {}; not retried", event, id,
						response.statusCode());
				remember(new SentEvent(this.clock.instant(), event, id, SentEvent.Outcome.FAILED,
						"HTTP " + response.statusCode()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Bitrix24 sandbox: {} for {} not delivered ({}); not retried", event, id, ex.toString());
			remember(new SentEvent(this.clock.instant(), event, id, SentEvent.Outcome.FAILED, ex.toString()));
		}
	}

	/**
	 * The body exactly as an outgoing webhook sends it (field order as in a real
	 * capture).
	 */
	String body(String event, Map<String, Object> fields, Instant sentAt) {
		Map<String, Object> auth = new LinkedHashMap<>();
		auth.put("domain", this.settings.domain());
		auth.put("client_endpoint", "https://" + this.settings.domain() + "/rest/");
		auth.put("server_endpoint", "https://oauth.bitrix.info/rest/");
		auth.put("member_id", this.settings.memberId());
		auth.put("application_token",
				(this.settings.applicationToken() != null) ? this.settings.applicationToken() : "");
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("event", event);
		payload.put("event_handler_id", String.valueOf(this.settings.eventHandlerId()));
		payload.put("data", Map.of("FIELDS", fields));
		payload.put("ts", String.valueOf(sentAt.getEpochSecond()));
		payload.put("auth", auth);
		return PhpQuery.encode(payload);
	}

	private void remember(SentEvent sent) {
		synchronized (this.recent) {
			this.recent.addFirst(sent);
			while (this.recent.size() > RECENT) {
				this.recent.removeLast();
			}
		}
	}

	/** The latest events, newest first. */
	List<SentEvent> recent() {
		synchronized (this.recent) {
			return new ArrayList<>(this.recent);
		}
	}

	void clearRecent() {
		synchronized (this.recent) {
			this.recent.clear();
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
