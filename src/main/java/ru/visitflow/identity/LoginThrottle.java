package ru.visitflow.identity;

import static ru.visitflow.system.Rows.instant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Slows down password guessing on every login path (form login, HTTP Basic on
 * {@code /api} and {@code /engine-rest}, the Camunda webapps' login) by client address
 * and user, and by client address alone, with temporary locks that expire (see
 * {@link LoginThrottleProperties}). Counted in the database ({@code login_throttle}), so
 * every node of a cluster counts the same failures and honours the same locks; each count
 * is one short transaction with the row locked. Rows nothing needs any more are deleted
 * periodically. Each lock is logged once, with the address and the user.
 */
@Component
public class LoginThrottle {

	private static final Logger logger = LoggerFactory.getLogger(LoginThrottle.class);

	/** Longest user name kept in a key: the rest of a forged one is cut off. */
	private static final int MAX_USER = 200;

	private final LoginThrottleProperties properties;

	private final Clock clock;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	LoginThrottle(LoginThrottleProperties properties, Clock clock, JdbcClient jdbc,
			PlatformTransactionManager transactionManager) {
		this.properties = properties;
		this.clock = clock;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * How long this client must still wait before trying this user; zero when it may try
	 * now.
	 */
	public Duration waitFor(String client, String user) {
		Instant now = this.clock.instant();
		Duration wait = remaining(userKey(client, user), now);
		Duration clientWait = remaining(clientKey(client), now);
		return (clientWait.compareTo(wait) > 0) ? clientWait : wait;
	}

	public void failed(String client, String user) {
		Instant now = this.clock.instant();
		Duration userLock = count(userKey(client, user), this.properties.maxFailures(), now);
		if (!userLock.isZero()) {
			logger.warn("Login throttled: {} wrong passwords for user '{}' from {}; that address waits {} s",
					this.properties.maxFailures(), clean(user), clean(client), userLock.toSeconds());
		}
		Duration clientLock = count(clientKey(client), this.properties.maxClientFailures(), now);
		if (!clientLock.isZero()) {
			logger.warn("Login throttled: {} wrong passwords from {} for any user; that address waits {} s",
					this.properties.maxClientFailures(), clean(client), clientLock.toSeconds());
		}
	}

	public void succeeded(String client, String user) {
		// a lock running stays (the right password does not lift it); only the count
		// starts over
		this.jdbc
			.sql("delete from login_throttle where throttle_key = ? and (locked_until is null or locked_until <= ?)")
			.params(userKey(client, user), this.clock.instant().atOffset(ZoneOffset.UTC))
			.update();
	}

	/**
	 * Deletes the rows nothing needs any more: no lock running, last failure outside the
	 * window. Harmless on every node at once.
	 * @return how many were deleted
	 */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	public int cleanUp() {
		Instant now = this.clock.instant();
		int deleted = this.jdbc
			.sql("delete from login_throttle where (locked_until is null or locked_until <= ?) and last_failure < ?")
			.params(now.atOffset(ZoneOffset.UTC), now.minus(this.properties.window()).atOffset(ZoneOffset.UTC))
			.update();
		if (deleted > 0) {
			logger.debug("Login throttle: {} expired entries deleted", deleted);
		}
		return deleted;
	}

	private Duration remaining(String key, Instant now) {
		Optional<Instant> lockedUntil = this.jdbc
			.sql("select locked_until from login_throttle where throttle_key = ? and locked_until is not null")
			.param(key)
			.query((rs, row) -> instant(rs, "locked_until"))
			.optional();
		if (lockedUntil.isEmpty() || !lockedUntil.get().isAfter(now)) {
			return Duration.ZERO;
		}
		return Duration.between(now, lockedUntil.get());
	}

	/** Counts one failure; returns the lock it started, or zero. */
	private Duration count(String key, int limit, Instant now) {
		try {
			return this.transactions.execute((status) -> countLocked(key, limit, now));
		}
		catch (DuplicateKeyException ex) {
			// another node counted this key's first failure at the same moment: its row
			// is
			// there now
			return this.transactions.execute((status) -> countLocked(key, limit, now));
		}
	}

	private Duration countLocked(String key, int limit, Instant now) {
		Optional<Counter> found = this.jdbc
			.sql("select failures, locks, last_failure, locked_until from login_throttle where throttle_key = ? "
					+ "for update")
			.param(key)
			.query((rs, row) -> new Counter(rs.getInt("failures"), rs.getInt("locks"), instant(rs, "last_failure"),
					instant(rs, "locked_until")))
			.optional();
		Counter counter = found.filter((c) -> !c.expired(now, this.properties.window())).orElse(new Counter());
		counter.failures++;
		counter.lastFailure = now;
		Duration started = Duration.ZERO;
		if (counter.failures >= limit) {
			Duration lock = this.properties.lock().multipliedBy(1L << Math.min(counter.locks, 20));
			if (lock.compareTo(this.properties.maxLock()) > 0) {
				lock = this.properties.maxLock();
			}
			counter.locks++;
			counter.failures = 0;
			counter.lockedUntil = now.plus(lock);
			started = lock;
		}
		Object[] values = { counter.failures, counter.locks, now.atOffset(ZoneOffset.UTC),
				(counter.lockedUntil != null) ? counter.lockedUntil.atOffset(ZoneOffset.UTC) : null, key };
		if (found.isPresent()) {
			this.jdbc
				.sql("update login_throttle set failures = ?, locks = ?, last_failure = ?, locked_until = ? "
						+ "where throttle_key = ?")
				.params(values)
				.update();
		}
		else {
			this.jdbc
				.sql("insert into login_throttle (failures, locks, last_failure, locked_until, throttle_key) "
						+ "values (?, ?, ?, ?, ?)")
				.params(values)
				.update();
		}
		return started;
	}

	private static String userKey(String client, String user) {
		String name = (user != null) ? user.toLowerCase() : "";
		return "u|" + clip(client) + "|" + ((name.length() > MAX_USER) ? name.substring(0, MAX_USER) : name);
	}

	private static String clientKey(String client) {
		return "c|" + clip(client);
	}

	private static String clip(String client) {
		String address = (client != null) ? client : "";
		return (address.length() > 150) ? address.substring(0, 150) : address;
	}

	/**
	 * Values from unauthenticated requests reach the log without line breaks or other
	 * control characters.
	 */
	static String clean(String value) {
		if (value == null) {
			return "";
		}
		String cleaned = value.replaceAll("\\p{Cntrl}", "?");
		return (cleaned.length() > 100) ? cleaned.substring(0, 100) + "..." : cleaned;
	}

	private static final class Counter {

		int failures;

		int locks;

		Instant lastFailure;

		Instant lockedUntil;

		Counter() {
		}

		Counter(int failures, int locks, Instant lastFailure, Instant lockedUntil) {
			this.failures = failures;
			this.locks = locks;
			this.lastFailure = lastFailure;
			this.lockedUntil = lockedUntil;
		}

		/**
		 * Nothing to remember: no lock running and the last failure lies outside the
		 * window.
		 */
		boolean expired(Instant now, Duration window) {
			boolean locked = this.lockedUntil != null && this.lockedUntil.isAfter(now);
			return !locked && (this.lastFailure == null || this.lastFailure.plus(window).isBefore(now));
		}

	}

}
