package ru.visitflow.geo;

/** A geocoder's answer: a position, or a definite "no such address". */
public record GeocodeResult(boolean found, Double latitude, Double longitude, String displayName) {

	public static GeocodeResult notFound() {
		return new GeocodeResult(false, null, null, null);
	}

	public static GeocodeResult of(double latitude, double longitude, String displayName) {
		return new GeocodeResult(true, latitude, longitude, displayName);
	}

}
