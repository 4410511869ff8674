package ru.visitflow.company;

import java.time.Instant;
import java.util.List;

/**
 * A client company as mirrored from Bitrix24; the field app and the map read only this.
 */
public record Company(long id, String title, Long assignedById, List<String> phones, List<String> emails,
		String address, String city, String region, String postalCode, String country, Double latitude,
		Double longitude, Instant modifiedAt) {
}
