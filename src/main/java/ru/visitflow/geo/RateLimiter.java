package ru.visitflow.geo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most one request per interval for the whole application (the public Nominatim allows
 * one a second). Callers wait their turn; the clock and the way of waiting are given, so
 * tests never sleep.
 */
public class RateLimiter {

	/** How to wait; {@link Thread#sleep} in production. */
	public interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	private final Duration interval;

	private final Clock clock;

	private final Sleeper sleeper;

	private Instant next;

	public RateLimiter(Duration interval, Clock clock, Sleeper sleeper) {
		this.interval = interval;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	public static RateLimiter sleeping(Duration interval, Clock clock) {
		return new RateLimiter(interval, clock, (duration) -> Thread.sleep(duration.toMillis()));
	}

	/** Waits until a request may go out and books the next slot. */
	public synchronized void acquire() {
		Instant now = this.clock.instant();
		if (this.next != null && now.isBefore(this.next)) {
			try {
				this.sleeper.sleep(Duration.between(now, this.next));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new GeocodingException("Interrupted while waiting for the geocoder's rate limit", true);
			}
			now = this.clock.instant();
			if (now.isBefore(this.next)) {
				now = this.next;
			}
		}
		this.next = now.plus(this.interval);
	}

	public Duration interval() {
		return this.interval;
	}

}
