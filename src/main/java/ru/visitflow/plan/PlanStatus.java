package ru.visitflow.plan;

/**
 * Where a plan stands: requests being formed, waiting for the control step, in progress,
 * closed at its period's end, or cancelled by a supervisor before that.
 */
public enum PlanStatus {

	FORMING, IN_REVIEW, ACTIVE, CLOSED, CANCELLED

}
