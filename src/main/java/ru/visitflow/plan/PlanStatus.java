package ru.visitflow.plan;

/**
 * Where a plan stands: requests being formed, waiting for the control step, in progress,
 * or closed.
 */
public enum PlanStatus {

	FORMING, IN_REVIEW, ACTIVE, CLOSED

}
