package ru.visitflow.visit;

import java.time.Instant;

/** What the rep recorded: outcome, notes, and the next visit if one was agreed. */
public record VisitResult(VisitOutcome outcome, String notes, Instant nextVisitStart) {
}
