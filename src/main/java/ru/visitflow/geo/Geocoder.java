package ru.visitflow.geo;

/**
 * Turns an address into coordinates. Implementations are called outside any database
 * transaction, by the geocoding queue only, which caches every answer by normalised
 * address.
 */
public interface Geocoder {

	/** A short name stored with cached answers, e.g. {@code nominatim}. */
	String name();

	/** False for the "none" geocoder: nothing is queued for it. */
	boolean enabled();

	/**
	 * @param address the company's address as one line
	 * @return the position or {@link GeocodeResult#notFound()}
	 * @throws GeocodingException when the service could not answer
	 */
	GeocodeResult geocode(String address);

}
