package ru.visitflow.coverage;

/**
 * Where a company stands against its cadence: never visited, overdue (its next visit fell
 * due and none is planned), due soon with none planned, a visit planned, or fine for now.
 */
public enum CoverageStatus {

	NEVER_VISITED, OVERDUE, DUE, PLANNED, OK;

	/** A company that needs a visit planned: what suggestions offer. */
	public boolean needsVisit() {
		return this == NEVER_VISITED || this == OVERDUE || this == DUE;
	}

}
