package ru.visitflow.bitrix24.client;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The portal's leaky bucket modelled in the database and shared by every node (GCRA, the
 * "virtual scheduling" form of a leaky bucket): the row {@code bitrix24_budget} of the
 * portal holds the instant its bucket would be empty ({@code drained_at}). A request at
 * {@code now} may be sent at {@code max(now, drained_at - tolerance)}, where
 * {@code tolerance = (burst - 1) / rate}, and moves {@code drained_at} on by
 * {@code 1 / rate}. Each caller reserves its send time in a short transaction of its own
 * (the row locked for a moment), then sleeps until that time, outside any transaction.
 * Times are the database's, so nodes whose clocks differ agree.
 * <p>
 * The burst used is a little smaller than the portal's ({@link #SAFETY}): requests reach
 * the portal with some jitter after their planned time, and other integrations may spend
 * a little of the same budget. The long-run rate is the portal's.
 */
public class SharedRequestBudget implements RequestBudget {

	/** The share of the portal's burst left unused, as a margin for network jitter. */
	static final double SAFETY = 0.2;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Supplier<String> portal;

	private final long intervalNanos;

	private final long toleranceNanos;

	private final Timer waits;

	/**
	 * @param portal the key of the portal's bucket (its host and port, read at each
	 * request: the built-in sandbox's port is known only once the server listens): nodes
	 * that call one portal share one bucket
	 * @param requestsPerSecond the portal's drain rate
	 * @param burst the portal's bucket size
	 */
	public SharedRequestBudget(JdbcClient jdbc, PlatformTransactionManager transactionManager, String portal,
			double requestsPerSecond, int burst, MeterRegistry meters) {
		this(jdbc, transactionManager, () -> portal, requestsPerSecond, burst, meters);
	}

	public SharedRequestBudget(JdbcClient jdbc, PlatformTransactionManager transactionManager, Supplier<String> portal,
			double requestsPerSecond, int burst, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.portal = portal;
		this.intervalNanos = Math.round(1_000_000_000d / requestsPerSecond);
		int usable = Math.max(1, (int) Math.floor(burst * (1 - SAFETY)));
		this.toleranceNanos = (usable - 1) * this.intervalNanos;
		this.waits = Timer.builder("visitflow.bitrix24.limiter.wait")
			.description("How long calls to Bitrix24 waited for the cluster's shared request budget")
			.register(meters);
		Gauge.builder("visitflow.bitrix24.paused", this, SharedRequestBudget::pausedSeconds)
			.description("How long the longest operating-limit pause of a Bitrix24 method still lasts, for all nodes")
			.baseUnit("seconds")
			.register(meters);
	}

	/** Seconds until the last pause of any method ends; 0 when none holds. */
	double pausedSeconds() {
		Instant now = now();
		return this.jdbc.sql("select max(paused_until) from bitrix24_pause where portal = ?")
			.param(this.portal.get())
			.query((rs, row) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
			.single()
			.map((until) -> Math.max(0, Duration.between(now, until.toInstant()).toMillis() / 1000d))
			.orElse(0d);
	}

	@Override
	public Optional<Instant> acquire(String method, Duration maxWait) {
		Reservation reservation = this.transactions.execute((status) -> reserve(method, maxWait));
		if (reservation.pausedUntil() != null) {
			return Optional.of(reservation.pausedUntil());
		}
		this.waits.record(reservation.delay());
		sleep(reservation.delay());
		return Optional.empty();
	}

	private Reservation reserve(String method, Duration maxWait) {
		Instant now = now();
		Optional<Instant> paused = this.jdbc
			.sql("select paused_until from bitrix24_pause where portal = ? and method = ? and paused_until > ?")
			.params(this.portal.get(), method, utc(now))
			.query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
			.optional();
		if (paused.isPresent()) {
			return new Reservation(Duration.ZERO, paused.get());
		}
		Instant drainedAt = lockBucket(now);
		Instant earliest = drainedAt.minusNanos(this.toleranceNanos);
		Instant sendAt = earliest.isAfter(now) ? earliest : now;
		Duration wait = Duration.between(now, sendAt);
		if (wait.compareTo(maxWait) > 0) {
			throw new Exhausted(wait);
		}
		Instant next = (drainedAt.isAfter(sendAt) ? drainedAt : sendAt).plusNanos(this.intervalNanos);
		this.jdbc.sql("update bitrix24_budget set drained_at = ? where portal = ?")
			.params(utc(next), this.portal.get())
			.update();
		return new Reservation(wait, null);
	}

	/** The bucket's row, locked for this transaction; created empty the first time. */
	private Instant lockBucket(Instant now) {
		for (int attempt = 0;; attempt++) {
			Optional<Instant> drainedAt = this.jdbc
				.sql("select drained_at from bitrix24_budget where portal = ? for update")
				.param(this.portal.get())
				.query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
				.optional();
			if (drainedAt.isPresent()) {
				return drainedAt.get();
			}
			try {
				this.jdbc.sql("insert into bitrix24_budget (portal, drained_at) values (?, ?)")
					.params(this.portal.get(), utc(now))
					.update();
			}
			catch (DataIntegrityViolationException ex) {
				if (attempt > 2) {
					throw ex;
				}
				// another node created it: lock that one
			}
		}
	}

	@Override
	public void pause(String method, Instant until) {
		this.transactions.executeWithoutResult((status) -> {
			int updated = this.jdbc
				.sql("update bitrix24_pause set paused_until = ? where portal = ? and method = ? and paused_until < ?")
				.params(utc(until), this.portal.get(), method, utc(until))
				.update();
			if (updated == 0) {
				boolean exists = this.jdbc.sql("select count(*) from bitrix24_pause where portal = ? and method = ?")
					.params(this.portal.get(), method)
					.query(Long.class)
					.single() > 0;
				if (!exists) {
					try {
						this.jdbc.sql("insert into bitrix24_pause (portal, method, paused_until) values (?, ?, ?)")
							.params(this.portal.get(), method, utc(until))
							.update();
					}
					catch (DataIntegrityViolationException ex) {
						// another node paused it at the same moment
					}
				}
			}
		});
	}

	/** The database's time, the one clock every node shares. */
	private Instant now() {
		return this.jdbc.sql("select current_timestamp")
			.query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
			.single();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static void sleep(Duration wait) {
		if (wait.isZero() || wait.isNegative()) {
			return;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(wait.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the Bitrix24 request budget", ex);
		}
	}

	private record Reservation(Duration delay, Instant pausedUntil) {
	}

}
