package ru.visitflow.company;

/**
 * Where positions measured in the field are offered as a company's location. A proposal
 * is never applied (nor written to Bitrix24) until a supervisor approves it.
 */
public interface LocationProposals {

	/**
	 * Offers a measured position as the location of a company that has none yet.
	 * @param companyId the Bitrix24 company id
	 * @param latitude WGS84 latitude
	 * @param longitude WGS84 longitude
	 * @param accuracyMeters the accuracy the device reported
	 * @param visitId the visit whose check-in measured it
	 */
	void propose(long companyId, double latitude, double longitude, double accuracyMeters, String visitId);

}
