package ru.visitflow.field;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A check-in or check-out as recorded: what the phone said, when the server got it, the
 * distance to the company (null without a position or company location), the grade and
 * the flags; {@code locationProposed} when it was offered as the company's location.
 */
public record FieldCheck(UUID id, UUID visitId, CheckKind kind, String repId, long companyId, Double latitude,
		Double longitude, Double accuracyMeters, Instant positionTime, Instant deviceTime, Instant serverTime,
		Double distanceMeters, CheckGrade grade, Set<ForgeryFlag> flags, boolean locationProposed, String error) {

	/**
	 * The moment the check stands for: the fix's time, else the device's, else the
	 * server's.
	 */
	public Instant takenAt() {
		return (this.positionTime != null) ? this.positionTime
				: (this.deviceTime != null) ? this.deviceTime : this.serverTime;
	}

	public boolean hasPosition() {
		return this.latitude != null && this.longitude != null;
	}

}
