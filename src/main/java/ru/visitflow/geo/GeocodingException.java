package ru.visitflow.geo;

/**
 * A geocoder could not answer. Transient failures (429, 5xx, timeouts) are retried later;
 * the others are kept as the task's failure reason.
 */
public class GeocodingException extends RuntimeException {

	private final boolean transientFailure;

	public GeocodingException(String message, boolean transientFailure) {
		super(message);
		this.transientFailure = transientFailure;
	}

	public boolean isTransient() {
		return this.transientFailure;
	}

}
