package ru.visitflow.sandbox;

import java.time.Instant;

/**
 * One outbound event as the sandbox handled it.
 *
 * @param event e.g. {@code ONCRMDYNAMICITEMUPDATE}
 * @param entityId {@code data[FIELDS][ID]}
 * @param outcome what became of it
 * @param detail the handler's HTTP status or the failure, for people
 */
public record SentEvent(Instant at, String event, long entityId, Outcome outcome, String detail) {

	public enum Outcome {

		/** The handler answered 2xx. */
		DELIVERED,
		/**
		 * The handler failed or did not answer: logged and lost, never retried
		 * (at-most-once).
		 */
		FAILED,
		/** Event delivery is switched off: dropped on purpose. */
		DROPPED,
		/** No handler URL is configured. */
		NO_HANDLER

	}

}
