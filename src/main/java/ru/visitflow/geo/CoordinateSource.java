package ru.visitflow.geo;

/**
 * Where a company's position came from. Positions set by hand or approved from a check-in
 * win over the Bitrix24 field, which wins over a geocoder's answer.
 */
public enum CoordinateSource {

	/** The Bitrix24 company field that holds coordinates (the company mirror). */
	BITRIX24(2),
	/** A geocoder's answer for the company's address. */
	GEOCODER(1),
	/** A supervisor's pin on the map. */
	MANUAL(3),
	/** A position measured at a check-in and approved by a supervisor. */
	CHECK_IN(3);

	private final int rank;

	CoordinateSource(int rank) {
		this.rank = rank;
	}

	/** Whether a position from this source may replace one from {@code other}. */
	public boolean overrides(CoordinateSource other) {
		return other == null || this.rank >= other.rank;
	}

	public boolean isByHand() {
		return this == MANUAL || this == CHECK_IN;
	}

}
