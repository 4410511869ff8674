package ru.visitflow.visit;

import java.time.Instant;
import java.util.UUID;

/**
 * The lifecycle engine as the visit domain sees it. Each call runs in the caller's
 * transaction; a call the lifecycle cannot take in its current state throws
 * {@link ru.visitflow.system.ConflictException}.
 */
public interface VisitLifecycle {

	/**
	 * Starts the lifecycle of a visit already in the read model; returns its process
	 * instance id.
	 */
	String start(Visit visit, boolean reviewRequired);

	void requestReschedule(UUID visitId, Instant newPlannedStart);

	void requestCancellation(UUID visitId, String reason);

	/** Completes the open "conduct" or "resolve overdue" step with the result. */
	void submitResult(UUID visitId, VisitResult result);

}
