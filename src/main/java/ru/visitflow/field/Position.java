package ru.visitflow.field;

import java.time.Instant;

/**
 * What the phone measured for a check: the position (absent when {@code error} says why),
 * its accuracy in metres, when the fix was taken, the device's clock when the rep tapped,
 * and the device's clock when the request was sent (an action queued offline keeps the
 * moment it was taken).
 */
public record Position(Double latitude, Double longitude, Double accuracyMeters, Instant positionTime,
		Instant deviceTime, Instant sentAt, String error) {

	public boolean present() {
		return this.latitude != null && this.longitude != null;
	}

}
