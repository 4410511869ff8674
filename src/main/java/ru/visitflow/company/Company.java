package ru.visitflow.company;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client company as mirrored from Bitrix24; the field app and the map read only this.
 *
 * @param inn the INN of the company's first requisite ({@code RQ_INN})
 * @param openingHours the opening hours as written on the card ("Mon-Fri 9:00-18:00,
 * ...")
 * @param decisionMaker who decides at the client, as written on the card
 * @param productsOfInterest the products the client is interested in, as written on the
 * card
 * @param extraFields the further configured card fields, by their Bitrix24 name
 * ({@code UF_CRM_…}), as text
 */
public record Company(long id, String title, Long assignedById, List<String> phones, List<String> emails,
		String address, String city, String region, String postalCode, String country, Double latitude,
		Double longitude, Instant modifiedAt, String inn, String openingHours, String decisionMaker,
		String productsOfInterest, Map<String, String> extraFields) {

	public Company {
		Map<String, String> present = new LinkedHashMap<>();
		if (extraFields != null) {
			extraFields.forEach((name, value) -> {
				if (name != null && value != null) {
					present.put(name, value);
				}
			});
		}
		extraFields = Collections.unmodifiableMap(present);
	}

	/** A company without card fields (INN, opening hours, ...). */
	public Company(long id, String title, Long assignedById, List<String> phones, List<String> emails, String address,
			String city, String region, String postalCode, String country, Double latitude, Double longitude,
			Instant modifiedAt) {
		this(id, title, assignedById, phones, emails, address, city, region, postalCode, country, latitude, longitude,
				modifiedAt, null, null, null, null, Map.of());
	}

	/** The value of a configured extra field, or null. */
	public String extraField(String name) {
		return this.extraFields.get(name);
	}

}
