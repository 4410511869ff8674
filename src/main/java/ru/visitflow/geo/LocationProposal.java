package ru.visitflow.geo;

import java.time.Instant;

/**
 * A position measured at a check-in, offered as a company's location until a supervisor
 * decides.
 */
public record LocationProposal(long id, long companyId, String companyTitle, Long companyOwner, double latitude,
		double longitude, double accuracyMeters, String visitId, Instant proposedAt, Status status, String decidedBy,
		Instant decidedAt) {

	public enum Status {

		PENDING, APPROVED, REJECTED

	}

}
