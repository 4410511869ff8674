package ru.visitflow.field;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Judges a check against the company's location and the rep's earlier checks: the
 * distance and grade, and the flags of a position that looks forged. Pure: everything it
 * needs comes in, so each rule is tested on its own.
 */
final class CheckVerifier {

	private final FieldProperties properties;

	CheckVerifier(FieldProperties properties) {
		this.properties = properties;
	}

	record Verdict(Double distanceMeters, CheckGrade grade, Set<ForgeryFlag> flags) {
	}

	Verdict judge(Position position, long companyId, Double companyLatitude, Double companyLongitude,
			List<FieldCheck> earlier, Instant serverNow) {
		Set<ForgeryFlag> flags = EnumSet.noneOf(ForgeryFlag.class);
		Duration skew = this.properties.maxClockSkew();
		if (position.sentAt() != null) {
			if (Duration.between(position.sentAt(), serverNow).abs().compareTo(skew) > 0) {
				flags.add(ForgeryFlag.CLOCK_SKEW);
			}
		}
		else if (position.deviceTime() != null && position.deviceTime().isAfter(serverNow.plus(skew))) {
			flags.add(ForgeryFlag.CLOCK_SKEW);
		}
		if (!position.present()) {
			return new Verdict(null, CheckGrade.NO_POSITION, flags);
		}
		double lat = position.latitude();
		double lon = position.longitude();
		double accuracy = (position.accuracyMeters() != null) ? position.accuracyMeters() : 0;
		if (position.accuracyMeters() == null || position.accuracyMeters() == 0) {
			flags.add(ForgeryFlag.ZERO_ACCURACY);
		}
		if (position.positionTime() != null && position.deviceTime() != null
				&& Duration.between(position.positionTime(), position.deviceTime())
					.compareTo(this.properties.maxPositionAge()) > 0) {
			flags.add(ForgeryFlag.STALE_POSITION);
		}
		Instant takenAt = (position.positionTime() != null) ? position.positionTime()
				: (position.deviceTime() != null) ? position.deviceTime() : serverNow;
		FieldCheck previous = null;
		for (FieldCheck check : earlier) {
			if (!check.hasPosition()) {
				continue;
			}
			double apart = Geo.distanceMeters(lat, lon, check.latitude(), check.longitude());
			if (check.companyId() != companyId && apart < 1.0) {
				flags.add(ForgeryFlag.SAME_POSITION_ELSEWHERE);
			}
			if (!check.takenAt().isAfter(takenAt)
					&& (previous == null || check.takenAt().isAfter(previous.takenAt()))) {
				previous = check;
			}
		}
		if (previous != null) {
			double apart = Geo.distanceMeters(lat, lon, previous.latitude(), previous.longitude());
			double beyondErrors = apart - accuracy
					- ((previous.accuracyMeters() != null) ? previous.accuracyMeters() : 0);
			double seconds = Math.max(1, Duration.between(previous.takenAt(), takenAt).toMillis() / 1000.0);
			if (beyondErrors > 0 && beyondErrors / seconds * 3.6 > this.properties.maxSpeedKmh()) {
				flags.add(ForgeryFlag.IMPOSSIBLE_SPEED);
			}
		}
		if (companyLatitude == null || companyLongitude == null) {
			return new Verdict(null, CheckGrade.NO_COMPANY_LOCATION, flags);
		}
		double distance = Geo.distanceMeters(lat, lon, companyLatitude, companyLongitude);
		return new Verdict(distance,
				CheckGrade.of(distance, this.properties.onSiteRadiusMeters(), this.properties.farAwayMeters()), flags);
	}

}
