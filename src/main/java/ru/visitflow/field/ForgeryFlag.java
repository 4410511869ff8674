package ru.visitflow.field;

/**
 * What makes a check look forged; a flagged check is still taken, for a supervisor to
 * judge.
 */
public enum ForgeryFlag {

	/**
	 * Accuracy reported as exactly 0 m: real receivers never do; mock-location apps often
	 * do.
	 */
	ZERO_ACCURACY,
	/** The same position, to the metre, as a check at another company. */
	SAME_POSITION_ELSEWHERE,
	/** Faster than the configured speed from the rep's previous check. */
	IMPOSSIBLE_SPEED,
	/** The device clock is far from the server's. */
	CLOCK_SKEW,
	/** The position is much older than the action (a cached fix). */
	STALE_POSITION

}
