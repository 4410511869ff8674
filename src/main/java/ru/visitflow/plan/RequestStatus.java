package ru.visitflow.plan;

/**
 * A visit request of a plan: being formed (DRAFT), handed in for the control step
 * (SUBMITTED), approved (a visit exists), returned with the head's comment for rework,
 * withdrawn, or dropped because the plan was cancelled before it became a visit.
 */
public enum RequestStatus {

	DRAFT, SUBMITTED, APPROVED, RETURNED, WITHDRAWN, DROPPED;

	/** Part of the set that goes to the next control step. */
	public boolean isPending() {
		return this == DRAFT || this == SUBMITTED || this == RETURNED;
	}

}
