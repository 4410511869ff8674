package ru.visitflow.bitrix24.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.visitflow.bitrix24.wire.PhpQuery;
import ru.visitflow.system.Backoff;

/**
 * {@link Bitrix24} over okhttp with JSON bodies. Every HTTP request, retries, redirects
 * and scan pages included, first takes a permit from a client-side model of the portal's
 * leaky bucket; transient failures are retried with exponential backoff and jitter. A
 * method blocked by its operating limit (429 OPERATION_TIME_LIMIT) is paused on its own
 * until the {@code operating_reset_at} Bitrix24 announced: its calls fail at once,
 * without a request and without waiting on the caller's thread, so the caller parks that
 * work and goes on with the rest; other methods are not affected.
 * <p>
 * Nothing here logs or throws the webhook URL: logs and messages name the method and the
 * host only.
 */
public class OkHttpBitrix24 implements Bitrix24, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(OkHttpBitrix24.class);

	static final int MAX_BATCH_COMMANDS = 50;

	/** Bitrix24 list methods answer 50 rows a page; fewer means the last page. */
	static final int PAGE_SIZE = 50;

	private static final int MAX_REDIRECTS = 5;

	private static final int MAX_SNIPPET = 200;

	/**
	 * Jitter of the backoff, ±20 %: workers that failed together do not retry together.
	 */
	private static final double JITTER = 0.2;

	/**
	 * Operating time is summed over a rolling 10 minutes, so no reset lies further ahead
	 * than that.
	 */
	private static final Duration MAX_OPERATING_PAUSE = Duration.ofMinutes(10);

	/**
	 * How long a blocked method pauses when Bitrix24 announced no reset: one operating
	 * bucket.
	 */
	private static final Duration DEFAULT_OPERATING_PAUSE = Duration.ofMinutes(1);

	private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z0-9_.]+");

	private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

	private static final String USER_AGENT = "Visitflow/"
			+ Objects.requireNonNullElse(OkHttpBitrix24.class.getPackage().getImplementationVersion(), "dev");

	private final Bitrix24Endpoint endpoint;

	private final ObjectMapper json;

	private final Clock clock;

	private final ClientSettings.Retry retrySettings;

	private final Backoff backoff;

	private final OkHttpClient http;

	private final RateLimiter rateLimiter;

	private final Retry retry;

	/**
	 * For calls that create something: retried only when Bitrix24 refused them before
	 * running them.
	 */
	private final Retry refusalRetry;

	/**
	 * Per method, the last {@code time.operating_reset_at} seen in a successful answer.
	 */
	private final Map<String, Instant> operatingResetAt = new ConcurrentHashMap<>();

	/**
	 * Per method, until when it is blocked by its operating limit: its calls fail at once
	 * until then.
	 */
	private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

	/**
	 * The portal's budget shared by every node, when there is one; else this node's own
	 * limiter above.
	 */
	private volatile RequestBudget budget;

	/**
	 * Calls by method and outcome ({@code visitflow.bitrix24.calls}), when there are
	 * meters.
	 */
	private volatile MeterRegistry meters;

	/**
	 * @param endpoint where the methods are
	 * @param settings rate limit, retries and timeouts
	 * @param objectMapper Spring's, so parameters with dates and the like are written as
	 * everywhere else in Visitflow (null values are kept, whatever its inclusion setting)
	 */
	public OkHttpBitrix24(Bitrix24Endpoint endpoint, ClientSettings settings, ObjectMapper objectMapper) {
		this(endpoint, settings.rateLimit(), settings.retry(), settings.timeouts(), objectMapper, Clock.systemUTC());
	}

	/**
	 * @param clock compared with the portal's {@code operating_reset_at}: real time, not
	 * the engine clock that tests move around
	 */
	OkHttpBitrix24(Bitrix24Endpoint endpoint, ClientSettings.RateLimit rateLimit, ClientSettings.Retry retry,
			ClientSettings.Timeouts timeouts, ObjectMapper objectMapper, Clock clock) {
		this.endpoint = endpoint;
		this.json = objectMapper.copy().setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS);
		this.clock = clock;
		this.retrySettings = retry;
		this.backoff = new Backoff(retry.initialBackoff(), retry.maxBackoff(), JITTER);
		this.http = new OkHttpClient.Builder().connectTimeout(timeouts.connect())
			.readTimeout(timeouts.read())
			.writeTimeout(timeouts.read())
			// a redirected POST must be sent again as a POST, by hand (see send)
			.followRedirects(false)
			.followSslRedirects(false)
			// okhttp's silent retries would bypass the rate limiter: every attempt goes
			// through ours
			.retryOnConnectionFailure(false)
			// drop idle connections before the portal does, so a stale one rarely costs
			// an attempt
			.connectionPool(new ConnectionPool(5, 30, TimeUnit.SECONDS))
			.build();
		this.rateLimiter = RateLimiter.of("bitrix24", rateLimiterConfig(rateLimit, timeouts.read()));
		this.retry = Retry.of("bitrix24",
				RetryConfig.custom()
					.maxAttempts(retry.maxAttempts())
					.retryOnException(OkHttpBitrix24::retryable)
					.intervalBiFunction(
							(attempt, outcome) -> waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
					.build());
		this.retry.getEventPublisher().onRetry(this::logRetry);
		this.refusalRetry = Retry.of("bitrix24-creates",
				RetryConfig.custom()
					.maxAttempts(retry.maxAttempts())
					.retryOnException(OkHttpBitrix24::refused)
					.intervalBiFunction(
							(attempt, outcome) -> waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
					.build());
		this.refusalRetry.getEventPublisher().onRetry(this::logRetry);
	}

	/**
	 * From now on every request takes its slot from {@code budget}, the portal's budget
	 * shared by the cluster, instead of this node's own limiter, and counts into
	 * {@code meters} (either may be null: no change).
	 */
	public OkHttpBitrix24 sharing(RequestBudget budget, MeterRegistry meters) {
		this.budget = budget;
		this.meters = meters;
		return this;
	}

	/**
	 * The client-side bucket. Bitrix24 adds 1 per request to a counter that drains at
	 * {@code requestsPerSecond} and refuses requests above {@code burst}; it never
	 * overflows as long as any interval of length {@code d} carries at most
	 * {@code burst + requestsPerSecond·d} requests. resilience4j hands out
	 * {@code limitForPeriod} permits per fixed window, and two full windows can meet at a
	 * window edge, so an interval of length {@code d} may touch {@code floor(d/T) + 2}
	 * windows. With {@code limitForPeriod = burst/2} and
	 * {@code T = limitForPeriod / requestsPerSecond} that is at most
	 * {@code burst/2·(d/T + 2) = burst + requestsPerSecond·d}: never above the portal's
	 * bucket. (The naive {@code burst} per {@code burst/rps} would allow {@code 2·burst}
	 * around a window edge and trip QUERY_LIMIT_EXCEEDED.) Windows are kept short (at
	 * most {@value #MAX_WINDOW_SECONDS} s): long windows would make a bulk sync wait for
	 * a whole window edge and run in lumps instead of at the portal's rate; the price is
	 * a smaller burst, which leaves room for other integrations on the same portal.
	 * Defaults: 5 permits every 2.5 s (2/s, burst 10 ≤ 50); 12 every 2.4 s on Enterprise.
	 */
	/**
	 * The longest limiter window: long enough for small bursts, short enough for an even
	 * pace.
	 */
	static final double MAX_WINDOW_SECONDS = 2.5;

	static RateLimiterConfig rateLimiterConfig(ClientSettings.RateLimit limit, Duration readTimeout) {
		int permits = (int) Math.max(1,
				Math.min(limit.burst() / 2, Math.floor(limit.requestsPerSecond() * MAX_WINDOW_SECONDS)));
		Duration period = Duration.ofNanos(Math.round(permits * 1_000_000_000d / limit.requestsPerSecond()));
		Duration wait = (readTimeout.compareTo(period.multipliedBy(2)) >= 0) ? readTimeout : period.multipliedBy(2);
		return RateLimiterConfig.custom()
			.limitForPeriod(permits)
			.limitRefreshPeriod(period)
			.timeoutDuration(wait)
			.build();
	}

	@Override
	public Bitrix24Response call(String method, Map<String, ?> params) {
		return call(method, params, !creates(method));
	}

	/**
	 * A call that creates something ({@code *.add}) may have run although no answer came
	 * (timeout, 5xx), so it is retried only when Bitrix24 refused it outright (rate or
	 * operating limit); the caller's own retry, which looks first for what the lost
	 * attempt made, takes it from there.
	 */
	private Bitrix24Response call(String method, Map<String, ?> params, boolean idempotent) {
		requireMethodName(method);
		byte[] body = write(method, (params != null) ? params : Map.of());
		Instant paused = pausedUntil(method).orElse(null);
		if (paused != null) {
			throw new OperationTimeLimitException("paused by its operating limit until " + paused, method, paused);
		}
		Retry policy = idempotent ? this.retry : this.refusalRetry;
		Bitrix24Response response;
		try {
			response = policy.executeSupplier(() -> send(method, body));
		}
		catch (OperationTimeLimitException ex) {
			Instant until = pause(method, ex.resetAt());
			throw new OperationTimeLimitException(ex.getMessage(), method, until);
		}
		remember(method, response.time());
		return response;
	}

	@Override
	public Optional<Instant> pausedUntil(String method) {
		Instant until = this.pausedUntil.get(method);
		if (until == null) {
			return Optional.empty();
		}
		if (!this.clock.instant().isBefore(until)) {
			this.pausedUntil.remove(method, until);
			return Optional.empty();
		}
		return Optional.of(until);
	}

	/**
	 * Blocks the method until its reset (the one given, else the last one announced for
	 * it, else a minute from now; at most ten minutes ahead) and tells until when.
	 */
	private Instant pause(String method, Instant resetAt) {
		Instant now = this.clock.instant();
		Instant until = (resetAt != null && resetAt.isAfter(now)) ? resetAt : this.operatingResetAt.get(method);
		if (until == null || !until.isAfter(now)) {
			until = now.plus(DEFAULT_OPERATING_PAUSE);
		}
		if (until.isAfter(now.plus(MAX_OPERATING_PAUSE))) {
			until = now.plus(MAX_OPERATING_PAUSE);
		}
		Instant chosen = until;
		Instant previous = this.pausedUntil.put(method, chosen);
		if (previous == null || previous.isBefore(chosen)) {
			logger.warn("Bitrix24 blocks {} by its operating limit (host {}); its calls are parked until {}, other "
					+ "methods go on", method, this.endpoint.host(), chosen);
		}
		return chosen;
	}

	static boolean creates(String method) {
		return method.toLowerCase(Locale.ROOT).endsWith(".add");
	}

	@Override
	public BatchResponse batch(List<BatchCommand> commands, boolean halt) {
		if (commands.size() > MAX_BATCH_COMMANDS) {
			throw new IllegalArgumentException(
					"A batch takes at most " + MAX_BATCH_COMMANDS + " commands, not " + commands.size());
		}
		if (commands.isEmpty()) {
			return new BatchResponse(Map.of(), Map.of(), Map.of(), Map.of());
		}
		Map<String, String> cmd = new LinkedHashMap<>();
		Map<String, String> methods = new LinkedHashMap<>();
		// commands of a paused method are not sent: they fail as Bitrix24 would fail them
		Map<String, Bitrix24Error> parked = new LinkedHashMap<>();
		for (BatchCommand command : commands) {
			Optional<Instant> paused = pausedUntil(command.method());
			if (paused.isPresent()) {
				if (parked.put(command.id(), new Bitrix24Error(Bitrix24ErrorCode.OPERATION_TIME_LIMIT.code(),
						command.method() + " is paused by its operating limit until " + paused.get())) != null) {
					throw new IllegalArgumentException("Batch command id '" + command.id() + "' is used twice");
				}
				continue;
			}
			requireMethodName(command.method());
			if (command.id() == null || command.id().isBlank()) {
				throw new IllegalArgumentException("Every batch command needs an id");
			}
			if (command.method().equalsIgnoreCase("batch")) {
				throw new IllegalArgumentException("A batch cannot hold another batch");
			}
			String query = PhpQuery.encode(command.params());
			if (cmd.put(command.id(), query.isEmpty() ? command.method() : command.method() + "?" + query) != null) {
				throw new IllegalArgumentException("Batch command id '" + command.id() + "' is used twice");
			}
			methods.put(command.id(), command.method());
		}
		if (cmd.isEmpty()) {
			return new BatchResponse(Map.of(), Collections.unmodifiableMap(parked), Map.of(), Map.of());
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("halt", halt ? 1 : 0);
		body.put("cmd", cmd);
		boolean idempotent = commands.stream().noneMatch((command) -> creates(command.method()));
		JsonNode result = call("batch", body, idempotent).result();
		Map<String, JsonNode> times = entries(result.path("result_time"));
		times.forEach((id, time) -> remember(methods.getOrDefault(id, id), time));
		Map<String, Bitrix24Error> errors = new LinkedHashMap<>(
				map(result.path("result_error"), OkHttpBitrix24::error));
		errors.forEach((id, error) -> {
			if (error.errorCode() == Bitrix24ErrorCode.OPERATION_TIME_LIMIT && methods.containsKey(id)) {
				pause(methods.get(id), resetAt(times.get(id)));
			}
		});
		errors.putAll(parked);
		return new BatchResponse(entries(result.path("result")), Collections.unmodifiableMap(errors),
				map(result.path("result_total"), JsonNode::asInt), map(result.path("result_next"), JsonNode::asInt));
	}

	@Override
	public Stream<JsonNode> scan(String method, Map<String, ?> params, String resultPath, String idField) {
		requireMethodName(method);
		Objects.requireNonNull(idField, "idField");
		Spliterator<JsonNode> rows = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
				Spliterator.ORDERED | Spliterator.NONNULL) {

			private Iterator<JsonNode> page = Collections.emptyIterator();

			private JsonNode lastId;

			private boolean lastPage;

			@Override
			public boolean tryAdvance(Consumer<? super JsonNode> action) {
				while (!this.page.hasNext()) {
					if (this.lastPage) {
						return false;
					}
					List<JsonNode> rows = page(method, params, resultPath, idField, this.lastId);
					this.lastPage = rows.size() < PAGE_SIZE;
					if (!rows.isEmpty()) {
						JsonNode id = rows.get(rows.size() - 1).get(idField);
						if (this.lastId != null && this.lastId.asText().equals(id.asText())) {
							throw new IllegalStateException(
									method + " ignored the >" + idField + " filter: the same page came twice");
						}
						this.lastId = id;
					}
					this.page = rows.iterator();
				}
				action.accept(this.page.next());
				return true;
			}

		};
		return StreamSupport.stream(rows, false);
	}

	private List<JsonNode> page(String method, Map<String, ?> params, String resultPath, String idField,
			JsonNode lastId) {
		JsonNode rows = call(method, pageParams(params, idField, lastId)).result();
		for (String name : resultPath.split("\\.")) {
			if (!name.isEmpty()) {
				rows = rows.path(name);
			}
		}
		if (!rows.isArray()) {
			String where = resultPath.isEmpty() ? "result" : "result." + resultPath;
			throw new Bitrix24TransportException(200, "no list of rows at " + where, method, null);
		}
		List<JsonNode> list = new ArrayList<>(rows.size());
		for (JsonNode row : rows) {
			if (!row.hasNonNull(idField)) {
				throw new Bitrix24TransportException(200, "a row without " + idField + ": select it", method, null);
			}
			list.add(row);
		}
		return list;
	}

	/**
	 * The caller's parameters with id order, {@code start=-1} and {@code >id} after the
	 * last id seen.
	 */
	static Map<String, Object> pageParams(Map<String, ?> params, String idField, JsonNode lastId) {
		Map<String, Object> page = new LinkedHashMap<>();
		String filterKey = "filter";
		String orderKey = "order";
		Map<String, Object> filter = new LinkedHashMap<>();
		if (params != null) {
			for (Map.Entry<String, ?> entry : params.entrySet()) {
				String key = entry.getKey();
				if (key.equalsIgnoreCase("filter")) {
					filterKey = key;
					if (entry.getValue() instanceof Map<?, ?> given) {
						given.forEach((name, value) -> filter.put(String.valueOf(name), value));
					}
					else if (entry.getValue() != null) {
						throw new IllegalArgumentException("scan needs the filter as a map");
					}
				}
				else if (key.equalsIgnoreCase("order")) {
					orderKey = key;
				}
				else if (key.equalsIgnoreCase("select") && entry.getValue() instanceof Collection<?> select
						&& !select.contains(idField) && !select.contains("*")) {
					List<Object> withId = new ArrayList<>(select);
					withId.add(idField);
					page.put(key, withId);
				}
				else if (!key.equalsIgnoreCase("start")) {
					page.put(key, entry.getValue());
				}
			}
		}
		if (lastId != null) {
			String text = lastId.asText();
			filter.put(">" + idField,
					(lastId.isNumber() || text.matches("\\d{1,18}")) ? (Object) Long.valueOf(text) : text);
		}
		page.put(orderKey, Map.of(idField, "ASC"));
		if (!filter.isEmpty()) {
			page.put(filterKey, filter);
		}
		page.put("start", -1);
		return page;
	}

	/**
	 * One attempt: a permit, the POST, and the same POST again wherever a redirect
	 * points.
	 */
	private Bitrix24Response send(String method, byte[] body) {
		HttpUrl url = this.endpoint.method(method);
		for (int redirects = 0;; redirects++) {
			acquirePermit(method);
			Request request = new Request.Builder().url(url)
				.header("Accept", "application/json")
				.header("User-Agent", USER_AGENT)
				.post(RequestBody.create(body, JSON))
				.build();
			long started = System.nanoTime();
			try (Response response = this.http.newCall(request).execute()) {
				int status = response.code();
				if (status == 301 || status == 302 || status == 307 || status == 308) {
					if (redirects >= MAX_REDIRECTS) {
						throw new Bitrix24TransportException(status, "too many redirects", method, null);
					}
					url = moved(method, url, response);
					continue;
				}
				String text = response.body().string();
				if (logger.isDebugEnabled()) {
					logger.debug("Bitrix24 {} on {}:{}: HTTP {} in {} ms", method, url.host(), url.port(), status,
							TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
				}
				Bitrix24Response answer = read(method, status, response.body().contentType(), text);
				count(method, "success");
				return answer;
			}
			catch (IOException ex) {
				count(method, "NO_ANSWER");
				throw new Bitrix24TransportException(0, describe(ex), method, sanitized(ex));
			}
			catch (Bitrix24Exception ex) {
				count(method, ex.code().isEmpty() ? "HTTP_" + ex.httpStatus() : ex.code());
				throw ex;
			}
		}
	}

	/**
	 * The portal moved: remember the new base for every later call, log its host, not its
	 * URL.
	 */
	private HttpUrl moved(String method, HttpUrl url, Response response) {
		String location = response.header("Location");
		HttpUrl target = (location != null) ? url.resolve(location) : null;
		if (target == null) {
			throw new Bitrix24TransportException(response.code(), "redirect without a usable Location", method, null);
		}
		if (!followable(url, target)) {
			// the webhook's secret is in the path: never sent in clear, nor anywhere but
			// a moved portal over https
			logger.warn(
					"Bitrix24 {} on host {} answered HTTP {} with a redirect to {}://{}; not followed (a portal "
							+ "move is followed only within https)",
					method, url.host(), response.code(), target.scheme(), target.host());
			throw new Bitrix24TransportException(response.code(), "a redirect to " + target.scheme() + "://"
					+ target.host() + " was refused: a portal move is followed only within https", method, null);
		}
		List<String> segments = target.pathSegments();
		String last = segments.get(segments.size() - 1);
		HttpUrl base;
		if (last.equals(method) || last.equals(method + ".json")) {
			base = target.newBuilder().removePathSegment(segments.size() - 1).addPathSegment("").query(null).build();
		}
		else {
			HttpUrl current = this.endpoint.get();
			base = current.newBuilder().scheme(target.scheme()).host(target.host()).port(target.port()).build();
		}
		String from = url.host() + ":" + url.port();
		this.endpoint.moveTo(base);
		logger.warn("Bitrix24 portal moved: {} answered HTTP {} to {}; calls go to host {} from now on", from,
				response.code(), method, base.host() + ":" + base.port());
		return this.endpoint.method(method);
	}

	/**
	 * A portal move is followed from https to https only; over plain http (the built-in
	 * sandbox) only between loopback addresses of this machine. Anything else would carry
	 * the webhook's secret in clear or to an address nobody configured.
	 */
	static boolean followable(HttpUrl from, HttpUrl to) {
		if (from.isHttps()) {
			return to.isHttps();
		}
		return !to.isHttps() ? loopback(from.host()) && loopback(to.host()) : loopback(from.host());
	}

	private static boolean loopback(String host) {
		return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
	}

	private Bitrix24Response read(String method, int status, MediaType contentType, String text) {
		JsonNode root;
		try {
			root = this.json.readTree(text);
		}
		catch (JsonProcessingException ex) {
			root = null;
		}
		if (root == null || !root.isObject()) {
			throw new Bitrix24TransportException(status, "not a JSON answer ("
					+ ((contentType != null) ? contentType : "no content type") + "): " + snippet(text), method, null);
		}
		if (root.has("error")) {
			JsonNode error = root.get("error");
			String code = error.isNull() ? "" : error.asText();
			String description = root.path("error_description").asText("");
			if (status == 429 || Bitrix24ErrorCode.of(code) == Bitrix24ErrorCode.OPERATION_TIME_LIMIT) {
				Instant resetAt = resetAt(root.get("time"));
				Instant until = (resetAt != null) ? resetAt : this.operatingResetAt.get(method);
				RequestBudget shared = this.budget;
				if (shared != null && until != null && until.isAfter(this.clock.instant())) {
					// every node holds back from this method until the portal lifts the
					// block
					shared.pause(method, until);
				}
				throw new OperationTimeLimitException(this.endpoint.redact(description), method, until);
			}
			throw new Bitrix24ApiException(status, code, this.endpoint.redact(description), method);
		}
		if (status < 200 || status >= 300) {
			throw new Bitrix24TransportException(status, "an error status without a Bitrix24 error", method, null);
		}
		if (!root.has("result")) {
			throw new Bitrix24TransportException(status, "an answer without result", method, null);
		}
		return new Bitrix24Response(root.get("result"), integer(root.get("total")), integer(root.get("next")),
				root.get("time"));
	}

	private void acquirePermit(String method) {
		RequestBudget shared = this.budget;
		if (shared != null) {
			Optional<Instant> paused;
			try {
				paused = shared.acquire(method, this.rateLimiter.getRateLimiterConfig().getTimeoutDuration());
			}
			catch (RequestBudget.Exhausted ex) {
				count(method, Bitrix24TransportException.CLIENT_RATE_LIMIT);
				throw new Bitrix24TransportException(0, Bitrix24TransportException.CLIENT_RATE_LIMIT, ex.getMessage(),
						method, null);
			}
			if (paused.isPresent()) {
				count(method, "PAUSED");
				throw new OperationTimeLimitException("blocked by the operating limit another node met", method,
						paused.get());
			}
			return;
		}
		if (!this.rateLimiter.acquirePermission()) {
			throw new Bitrix24TransportException(0, Bitrix24TransportException.CLIENT_RATE_LIMIT,
					"no permit from the client-side rate limiter within "
							+ this.rateLimiter.getRateLimiterConfig().getTimeoutDuration(),
					method, null);
		}
	}

	private void count(String method, String outcome) {
		MeterRegistry registry = this.meters;
		if (registry != null) {
			Counter.builder("visitflow.bitrix24.calls")
				.description("HTTP requests to Bitrix24 by method and outcome (success or Bitrix24's error code)")
				.tag("method", method)
				.tag("outcome", outcome)
				.register(registry)
				.increment();
		}
	}

	/**
	 * Refused before it ran by the portal's rate limit: sent again after a short backoff.
	 * (A method blocked by its operating limit is not waited for here: it is paused and
	 * the caller parks the work.)
	 */
	static boolean refused(Throwable failure) {
		return failure instanceof Bitrix24ApiException ex && !(failure instanceof OperationTimeLimitException)
				&& ex.errorCode() == Bitrix24ErrorCode.QUERY_LIMIT_EXCEEDED;
	}

	/**
	 * The portal's rate limit, server errors and no answer are worth another attempt
	 * after a short backoff; the client's own limiter timing out is not, nor a method
	 * blocked by its operating limit (minutes, not seconds).
	 */
	static boolean retryable(Throwable failure) {
		if (!(failure instanceof Bitrix24Exception ex) || failure instanceof OperationTimeLimitException
				|| (ex instanceof Bitrix24TransportException transport && transport.isClientRateLimit())) {
			return false;
		}
		return ex.isTransient();
	}

	/** Exponential backoff with jitter, capped. */
	private long waitMillis(int attempt, Throwable failure) {
		return this.backoff.after(attempt).toMillis();
	}

	private void logRetry(RetryOnRetryEvent event) {
		logger.warn("{} (host {}); attempt {} of {} in {} ms", event.getLastThrowable().getMessage(),
				this.endpoint.host(), event.getNumberOfRetryAttempts() + 1, this.retrySettings.maxAttempts(),
				event.getWaitInterval().toMillis());
	}

	private void remember(String method, JsonNode time) {
		Instant resetAt = resetAt(time);
		if (resetAt != null) {
			this.operatingResetAt.put(method, resetAt);
		}
	}

	private static Instant resetAt(JsonNode time) {
		return (time != null && time.hasNonNull("operating_reset_at"))
				? Instant.ofEpochSecond(time.get("operating_reset_at").asLong()) : null;
	}

	private byte[] write(String method, Map<String, ?> params) {
		try {
			return this.json.writeValueAsBytes(params);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("The parameters of " + method + " cannot be written as JSON", ex);
		}
	}

	private static void requireMethodName(String method) {
		if (method == null || !METHOD_NAME.matcher(method).matches()) {
			throw new IllegalArgumentException("Not a Bitrix24 method name: " + method);
		}
	}

	/**
	 * A map Bitrix24 sends as {@code {}} when full and as {@code []} when empty; array
	 * indexes become keys.
	 */
	static Map<String, JsonNode> entries(JsonNode node) {
		Map<String, JsonNode> entries = new LinkedHashMap<>();
		if (node.isObject()) {
			node.fields().forEachRemaining((field) -> entries.put(field.getKey(), field.getValue()));
		}
		else if (node.isArray()) {
			for (int index = 0; index < node.size(); index++) {
				entries.put(String.valueOf(index), node.get(index));
			}
		}
		return Collections.unmodifiableMap(entries);
	}

	private static <T> Map<String, T> map(JsonNode node, Function<JsonNode, T> value) {
		Map<String, T> values = new LinkedHashMap<>();
		entries(node).forEach((id, entry) -> values.put(id, value.apply(entry)));
		return Collections.unmodifiableMap(values);
	}

	private static Bitrix24Error error(JsonNode node) {
		if (!node.isObject()) {
			return new Bitrix24Error("", node.asText());
		}
		JsonNode code = node.path("error");
		return new Bitrix24Error(code.isNull() ? "" : code.asText(""), node.path("error_description").asText(""));
	}

	private static Integer integer(JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asInt();
	}

	private String describe(IOException ex) {
		return (ex.getMessage() != null) ? ex.getClass().getSimpleName() + ": " + this.endpoint.redact(ex.getMessage())
				: ex.getClass().getSimpleName();
	}

	/**
	 * The failure as the cause, unless some message in its chain names the secret: then a
	 * redacted copy.
	 */
	private Throwable sanitized(IOException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && !message.equals(this.endpoint.redact(message))) {
				IOException copy = new IOException(describe(ex));
				copy.setStackTrace(ex.getStackTrace());
				return copy;
			}
		}
		return ex;
	}

	private String snippet(String text) {
		String flat = this.endpoint.redact(text.replaceAll("\\s+", " ").strip());
		return (flat.length() > MAX_SNIPPET) ? flat.substring(0, MAX_SNIPPET) + "…" : flat;
	}

	RateLimiter rateLimiter() {
		return this.rateLimiter;
	}

	Retry retry() {
		return this.retry;
	}

	@Override
	public void close() {
		this.http.dispatcher().executorService().shutdown();
		this.http.connectionPool().evictAll();
	}

	@Override
	public String toString() {
		return "OkHttpBitrix24[" + this.endpoint.host() + "]";
	}

}
