package ru.visitflow.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Slows down password guessing on every login path (form login, HTTP Basic on
 * {@code /api} and {@code /engine-rest}, the Camunda webapps' login) by client address
 * and user, and by client address alone, with temporary locks that expire (see
 * {@link LoginThrottleProperties}). Kept in memory per node: a restart forgets the
 * counts, which is the safe direction. Each lock is logged once, with the address and the
 * user.
 */
@Component
public class LoginThrottle {

	private static final Logger logger = LoggerFactory.getLogger(LoginThrottle.class);

	private static final int MAX_ENTRIES = 100_000;

	private final LoginThrottleProperties properties;

	private final Clock clock;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	LoginThrottle(LoginThrottleProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
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
		if (this.counters.size() > MAX_ENTRIES) {
			purge(now);
		}
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
		this.counters.remove(userKey(client, user));
	}

	private Duration remaining(String key, Instant now) {
		Counter counter = this.counters.get(key);
		if (counter == null || counter.lockedUntil == null || !counter.lockedUntil.isAfter(now)) {
			return Duration.ZERO;
		}
		return Duration.between(now, counter.lockedUntil);
	}

	/** Counts one failure; returns the lock it started, or zero. */
	private Duration count(String key, int limit, Instant now) {
		Duration[] started = { Duration.ZERO };
		this.counters.compute(key, (k, counter) -> {
			Counter current = (counter == null || counter.expired(now, this.properties.window())) ? new Counter()
					: counter;
			current.failures++;
			current.lastFailure = now;
			if (current.failures >= limit) {
				Duration lock = this.properties.lock().multipliedBy(1L << Math.min(current.locks, 20));
				if (lock.compareTo(this.properties.maxLock()) > 0) {
					lock = this.properties.maxLock();
				}
				current.locks++;
				current.failures = 0;
				current.lockedUntil = now.plus(lock);
				started[0] = lock;
			}
			return current;
		});
		return started[0];
	}

	private void purge(Instant now) {
		for (Iterator<Counter> it = this.counters.values().iterator(); it.hasNext();) {
			if (it.next().expired(now, this.properties.window())) {
				it.remove();
			}
		}
	}

	private static String userKey(String client, String user) {
		return "u|" + client + "|" + ((user != null) ? user.toLowerCase() : "");
	}

	private static String clientKey(String client) {
		return "c|" + client;
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
