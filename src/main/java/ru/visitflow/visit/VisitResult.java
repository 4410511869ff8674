package ru.visitflow.visit;

import java.time.Instant;

/**
 * What the rep recorded: outcome, notes, and the next visit if one was agreed; its type
 * and purpose, when left out, are the visit's own.
 */
public record VisitResult(VisitOutcome outcome, String notes, Instant nextVisitStart, String nextVisitType,
		String nextVisitPurpose) {

	public VisitResult(VisitOutcome outcome, String notes, Instant nextVisitStart) {
		this(outcome, notes, nextVisitStart, null, null);
	}

}
