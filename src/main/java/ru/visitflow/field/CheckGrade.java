package ru.visitflow.field;

/** How far from the company a check was made. */
public enum CheckGrade {

	WITHIN_50M, WITHIN_100M, WITHIN_RADIUS, OUTSIDE_RADIUS, FAR_AWAY,
	/** The company has no coordinates yet: nothing to compare with. */
	NO_COMPANY_LOCATION,
	/** The phone gave no position (permission denied, no fix). */
	NO_POSITION;

	public boolean onSite() {
		return this == WITHIN_50M || this == WITHIN_100M || this == WITHIN_RADIUS;
	}

	/** Grades a distance: the radius decides "on site", the fixed steps say how close. */
	static CheckGrade of(double distanceMeters, int radiusMeters, int farAwayMeters) {
		if (distanceMeters > farAwayMeters) {
			return FAR_AWAY;
		}
		if (distanceMeters > radiusMeters) {
			return OUTSIDE_RADIUS;
		}
		if (distanceMeters <= 50) {
			return WITHIN_50M;
		}
		if (distanceMeters <= 100) {
			return WITHIN_100M;
		}
		return WITHIN_RADIUS;
	}

}
