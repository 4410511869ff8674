package ru.visitflow.visit;

import java.time.Instant;

/**
 * Filters for the visit list; null means any. The period is on the planned start, from
 * inclusive.
 */
public record VisitFilter(String repId, VisitStage stage, Long companyId, Instant from, Instant to) {
}
