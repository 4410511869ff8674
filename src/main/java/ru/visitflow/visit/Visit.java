package ru.visitflow.visit;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A visit as the read model holds it. {@code version} grows with every change, so a sync
 * can tell the state it pushes from an older one.
 */
public record Visit(UUID id, String processInstanceId, long companyId, String companyTitle, Long contactId,
		String repId, String visitType, Instant plannedStart, int durationMinutes, ZoneId timeZone, String purpose,
		String region, VisitOrigin origin, VisitStage stage, Instant stageChangedAt, String reviewComment,
		VisitOutcome outcome, String resultNotes, String cancelReason, UUID previousVisitId, Long bitrix24ItemId,
		long version, Instant createdAt, String createdBy, Instant closedAt) {
}
