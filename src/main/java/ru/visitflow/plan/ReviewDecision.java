package ru.visitflow.plan;

/** The control step's decision for the whole set of submitted requests. */
public enum ReviewDecision {

	APPROVE_ALL, APPROVE_SOME, SEND_BACK

}
