package ru.visitflow.geo;

import java.time.Instant;

/** A company's position in WGS84 with where it came from. */
public record Position(long companyId, double latitude, double longitude, CoordinateSource source, Instant updatedAt,
		String updatedBy) {

	public static boolean valid(double latitude, double longitude) {
		return Double.isFinite(latitude) && Double.isFinite(longitude) && latitude >= -90 && latitude <= 90
				&& longitude >= -180 && longitude <= 180;
	}

}
