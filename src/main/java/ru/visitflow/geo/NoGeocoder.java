package ru.visitflow.geo;

/**
 * The default: no outside geocoder; positions come from Bitrix24, pins and check-ins
 * only.
 */
class NoGeocoder implements Geocoder {

	@Override
	public String name() {
		return "none";
	}

	@Override
	public boolean enabled() {
		return false;
	}

	@Override
	public GeocodeResult geocode(String address) {
		return GeocodeResult.notFound();
	}

}
