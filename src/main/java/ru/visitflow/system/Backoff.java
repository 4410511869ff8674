package ru.visitflow.system;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one retry pause policy of Visitflow: the first pause after a failure, doubling with
 * each further failure, capped, optionally spread by a random share so that workers that
 * failed together do not retry together. Used by the Bitrix24 client between attempts of
 * a call, by the sync worker between attempts of a sync task, and by the event inbox
 * between attempts of an event.
 *
 * @param initial the pause after the first failure
 * @param max the longest pause
 * @param jitter the random share, 0 for none, 0.2 for ±20 %
 */
public record Backoff(Duration initial, Duration max, double jitter) {

	public Backoff {
		if (initial.isNegative() || max.compareTo(initial) < 0 || jitter < 0 || jitter >= 1) {
			throw new IllegalArgumentException("a backoff needs 0 <= initial <= max and 0 <= jitter < 1");
		}
	}

	/** Without jitter. */
	public static Backoff doubling(Duration initial, Duration max) {
		return new Backoff(initial, max, 0);
	}

	/**
	 * The pause after the given number of failures so far (1 for the first): initial ·
	 * 2^(failures-1), capped.
	 */
	public Duration after(int failures) {
		double pause = this.initial.toMillis() * Math.pow(2, Math.max(0, Math.min(failures - 1, 30)));
		if (this.jitter > 0) {
			pause *= 1 + ThreadLocalRandom.current().nextDouble(-this.jitter, this.jitter);
		}
		return Duration.ofMillis(Math.max(0, Math.round(Math.min(pause, this.max.toMillis()))));
	}

}
