package ru.visitflow.coverage;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One company against its cadence.
 *
 * @param repId the rep responsible (the company's Bitrix24 responsible mapped to a
 * Visitflow user), if known
 * @param dueOn the day the next visit falls due (last completed visit plus the
 * frequency), null if never visited
 */
public record CoverageEntry(long companyId, String title, String region, String repId, String segment,
		int frequencyDays, Instant lastVisitAt, Instant nextPlannedAt, LocalDate dueOn, CoverageStatus status) {
}
