package ru.visitflow.bitrix24.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a request to the portal may be sent. */
public interface RequestBudget {

	/**
	 * Waits until a request to {@code method} may be sent within the portal's limit and
	 * takes that slot.
	 * @param maxWait the longest this caller may wait for a slot
	 * @return empty when the request may go now; else the instant until which the method
	 * is paused (operating limit), with no slot taken
	 * @throws Exhausted when no slot is free within {@code maxWait} (nothing taken)
	 */
	Optional<Instant> acquire(String method, Duration maxWait);

	/**
	 * The portal blocked {@code method} until {@code until}: no node calls it before
	 * then.
	 */
	void pause(String method, Instant until);

	/** No slot within the caller's longest wait. */
	class Exhausted extends RuntimeException {

		private final Duration wait;

		public Exhausted(Duration wait) {
			super("the next free slot of the portal's request budget is " + wait.toMillis() + " ms away");
			this.wait = wait;
		}

		public Duration waitNeeded() {
			return this.wait;
		}

	}

}
