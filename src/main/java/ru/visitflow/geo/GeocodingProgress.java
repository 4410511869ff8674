package ru.visitflow.geo;

import java.time.Instant;
import java.util.List;

/**
 * How far the geocoding queue is: {@code done} of {@code total} answered (found or not),
 * {@code failed} kept with their reasons, {@code pending} still waiting.
 */
public record GeocodingProgress(String geocoder, boolean enabled, long total, long done, long found, long notFound,
		long failed, long pending, List<Failure> failures) {

	public record Failure(long companyId, String companyTitle, String address, String reason, Instant at) {
	}

}
