package ru.visitflow.sandbox;

/**
 * How the sandbox misbehaves on purpose, to exercise Visitflow's handling of a troubled
 * portal.
 */
public enum FailureMode {

	/** Behaves normally (the leaky bucket still applies). */
	NONE,
	/** Every REST call answers HTTP 500 INTERNAL_SERVER_ERROR. */
	OUTAGE,
	/** Every REST call answers HTTP 503 QUERY_LIMIT_EXCEEDED. */
	RATE_LIMITED,
	/**
	 * Every method is blocked with HTTP 429 OPERATION_TIME_LIMIT (inside a batch: per
	 * command, the batch itself answers 200 with {@code time.operating_reset_at}) until a
	 * few seconds from when it was set; then the block lifts itself and the mode returns
	 * to {@link #NONE}.
	 */
	OPERATION_LIMIT

}
