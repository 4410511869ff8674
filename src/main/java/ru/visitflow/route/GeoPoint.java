package ru.visitflow.route;

/** A WGS84 point. */
public record GeoPoint(double latitude, double longitude) {

	private static final double EARTH_RADIUS_M = 6_371_008.8;

	/** Great-circle distance in metres. */
	public double metresTo(GeoPoint other) {
		double lat1 = Math.toRadians(this.latitude);
		double lat2 = Math.toRadians(other.latitude);
		double dLat = lat2 - lat1;
		double dLon = Math.toRadians(other.longitude - this.longitude);
		double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
				+ Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
		return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
	}

}
