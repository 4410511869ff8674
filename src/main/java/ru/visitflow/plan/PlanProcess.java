package ru.visitflow.plan;

import java.util.List;
import java.util.UUID;

/**
 * The plan's process as the domain sees it; implemented on Camunda in
 * {@code plan.process}.
 */
public interface PlanProcess {

	/** Starts the process for a stored plan; returns the process instance id. */
	String start(Plan plan);

	/**
	 * Completes the waiting forming task (by the head or the rep): the set goes to the
	 * control step.
	 */
	void completeForming(UUID planId);

	/** Completes the control step with one decision for the whole set. */
	void completeReview(UUID planId, ReviewDecision decision, List<UUID> approvedRequestIds, String comment);

	/** Completes the head's catch-up task after a pace check found the plan behind. */
	void completeCatchUp(UUID planId, String note);

	/**
	 * Ends the plan's process from whatever it waits at (the cancellation message); false
	 * when the process has already ended.
	 */
	boolean cancel(UUID planId, String reason, String cancelledBy);

	/** The user task the plan waits at, if any (its definition key). */
	String waitingTask(UUID planId);

	/** Whether the head's catch-up task is open. */
	boolean waitsForCatchUp(UUID planId);

}
