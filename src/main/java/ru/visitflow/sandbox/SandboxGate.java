package ru.visitflow.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * What stands between a request and the portal's data: failure injection, the per-webhook
 * leaky bucket (each HTTP request adds 1, the bucket drains at the configured rate, above
 * the burst the request is refused with 503), the per-method operating-time windows that
 * feed {@code time.operating}/{@code operating_reset_at}, and the request counters.
 */
@Component
@ConditionalOnBitrix24Sandbox
class SandboxGate {

	/** Bitrix24 sums a method's execution time over the last 10 minutes. */
	private static final long OPERATING_WINDOW_SECONDS = 600;

	private final SandboxProperties settings;

	private final Clock clock = Clock.systemUTC();

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final Map<String, Window> operating = new ConcurrentHashMap<>();

	private final Map<String, Instant> methodBlocks = new ConcurrentHashMap<>();

	private final AtomicLong requests = new AtomicLong();

	private final Map<String, AtomicLong> methodCalls = new ConcurrentHashMap<>();

	private volatile FailureMode mode = FailureMode.NONE;

	private volatile Instant blockedUntil;

	private int failNext;

	private FailureMode failNextMode = FailureMode.OUTAGE;

	SandboxGate(SandboxProperties settings) {
		this.settings = settings;
	}

	// --- failure injection
	// ---------------------------------------------------------------------------------

	synchronized void setMode(FailureMode mode) {
		this.mode = (mode != null) ? mode : FailureMode.NONE;
		this.blockedUntil = (this.mode == FailureMode.OPERATION_LIMIT)
				? this.clock.instant().plus(this.settings.operatingBlock()) : null;
	}

	synchronized FailureMode mode() {
		liftExpiredBlock();
		return this.mode;
	}

	synchronized void failNext(int count, FailureMode how) {
		this.failNext = Math.max(0, count);
		this.failNextMode = (how == null || how == FailureMode.NONE) ? FailureMode.OUTAGE : how;
	}

	synchronized int failNextRemaining() {
		return this.failNext;
	}

	/** Until when methods are blocked (OPERATION_LIMIT), or null. */
	synchronized Instant blockedUntil() {
		liftExpiredBlock();
		return this.blockedUntil;
	}

	private void liftExpiredBlock() {
		if (this.blockedUntil != null && !this.clock.instant().isBefore(this.blockedUntil)) {
			this.blockedUntil = null;
			this.mode = FailureMode.NONE;
		}
	}

	/**
	 * The checks every HTTP request passes first: injected failures, then the webhook's
	 * leaky bucket.
	 * @return the error to answer with, if any
	 */
	Optional<RestError> admit(String webhook) {
		FailureMode failure = null;
		synchronized (this) {
			liftExpiredBlock();
			if (this.failNext > 0) {
				this.failNext--;
				failure = this.failNextMode;
			}
			else if (this.mode == FailureMode.OUTAGE || this.mode == FailureMode.RATE_LIMITED) {
				failure = this.mode;
			}
		}
		if (failure == FailureMode.OUTAGE) {
			return Optional.of(new RestError(500, "INTERNAL_SERVER_ERROR", "Internal server error"));
		}
		if (failure == FailureMode.RATE_LIMITED) {
			return Optional.of(queryLimitExceeded());
		}
		if (failure == FailureMode.OPERATION_LIMIT) {
			return Optional.of(operationTimeLimit());
		}
		Bucket bucket = this.buckets.computeIfAbsent(webhook, (key) -> new Bucket());
		if (!bucket.tryAdd(this.clock.instant(), this.settings.requestsPerSecond(), this.settings.burst())) {
			return Optional.of(queryLimitExceeded());
		}
		return Optional.empty();
	}

	/** Whether methods are blocked by the operating limit right now. */
	boolean operationBlocked() {
		return blockedUntil() != null;
	}

	/**
	 * Whether this method is blocked by its operating limit: all of them in the
	 * OPERATION_LIMIT mode, or this one alone (Bitrix24 sums operating time per method,
	 * so one method's block leaves the others working).
	 */
	boolean operationBlocked(String method) {
		if (operationBlocked()) {
			return true;
		}
		Instant until = this.methodBlocks.get(method);
		if (until != null && !this.clock.instant().isBefore(until)) {
			this.methodBlocks.remove(method, until);
			return false;
		}
		return until != null;
	}

	/**
	 * Blocks one method with 429 OPERATION_TIME_LIMIT for a while; its
	 * {@code operating_reset_at} is then.
	 */
	void blockMethod(String method, Duration duration) {
		this.methodBlocks.put(method, this.clock.instant().plus(duration));
	}

	static RestError queryLimitExceeded() {
		return new RestError(503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
	}

	static RestError operationTimeLimit() {
		return new RestError(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.");
	}

	// --- operating time
	// ------------------------------------------------------------------------------------

	void recordOperating(String method, double seconds) {
		Instant now = this.clock.instant();
		this.operating.compute(method, (key, window) -> {
			if (window == null || now.getEpochSecond() >= window.start + OPERATING_WINDOW_SECONDS) {
				return new Window(now.getEpochSecond(), seconds);
			}
			return new Window(window.start, window.seconds + seconds);
		});
	}

	/**
	 * The {@code time} object: start, finish, duration, processing, date_start,
	 * date_finish, operating_reset_at (when the method's oldest time drops out of the
	 * 10-minute window, or when the block lifts) and operating (the method's summed time
	 * in the window).
	 */
	Map<String, Object> time(String method, Instant start, Instant finish, double processing) {
		Map<String, Object> time = new LinkedHashMap<>();
		time.put("start", round(seconds(start)));
		time.put("finish", round(seconds(finish)));
		time.put("duration", round(seconds(finish) - seconds(start)));
		time.put("processing", round(processing));
		time.put("date_start", SandboxTime.iso(start));
		time.put("date_finish", SandboxTime.iso(finish));
		Window window = this.operating.get(method);
		boolean current = window != null && finish.getEpochSecond() < window.start + OPERATING_WINDOW_SECONDS;
		Instant blocked = blockedUntil();
		if (blocked == null && operationBlocked(method)) {
			blocked = this.methodBlocks.get(method);
		}
		long resetAt = (blocked != null) ? blocked.getEpochSecond()
				: current ? window.start + OPERATING_WINDOW_SECONDS : start.getEpochSecond() + OPERATING_WINDOW_SECONDS;
		time.put("operating_reset_at", resetAt);
		time.put("operating", current ? round(window.seconds) : BigDecimal.ZERO);
		return time;
	}

	private static double seconds(Instant instant) {
		return instant.getEpochSecond() + instant.getNano() / 1_000_000_000.0;
	}

	/**
	 * Microseconds, written plainly ({@code 1757424671.509725}), as PHP's microtime shows
	 * them.
	 */
	private static BigDecimal round(double value) {
		return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
	}

	// --- counters
	// ------------------------------------------------------------------------------------------

	void countRequest() {
		this.requests.incrementAndGet();
	}

	void countMethod(String method) {
		this.methodCalls.computeIfAbsent(method, (key) -> new AtomicLong()).incrementAndGet();
	}

	long requests() {
		return this.requests.get();
	}

	Map<String, Long> methodCalls() {
		Map<String, Long> counts = new TreeMap<>();
		this.methodCalls.forEach((method, count) -> counts.put(method, count.get()));
		return counts;
	}

	/** Counters, buckets, windows and failures back to a fresh start. */
	synchronized void reset() {
		this.requests.set(0);
		this.methodCalls.clear();
		this.buckets.clear();
		this.operating.clear();
		this.mode = FailureMode.NONE;
		this.blockedUntil = null;
		this.methodBlocks.clear();
		this.failNext = 0;
	}

	private record Window(long start, double seconds) {
	}

	/** A leaky bucket: +1 per request, drains continuously. */
	private static final class Bucket {

		private double level;

		private Instant updated;

		synchronized boolean tryAdd(Instant now, double drainPerSecond, int burst) {
			if (this.updated != null) {
				double elapsed = (now.toEpochMilli() - this.updated.toEpochMilli()) / 1000.0;
				this.level = Math.max(0, this.level - elapsed * drainPerSecond);
			}
			this.updated = now;
			if (this.level + 1 > burst) {
				return false;
			}
			this.level += 1;
			return true;
		}

	}

}
