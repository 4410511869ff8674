package ru.visitflow.plan;

import java.time.Instant;
import java.util.UUID;

/** One proposed visit of a plan; once approved it points to the visit it became. */
public record PlanRequest(UUID id, UUID planId, long companyId, String companyTitle, String repId, String visitType,
		Instant plannedStart, String purpose, String region, RequestStatus status, String reviewComment, UUID visitId,
		Instant createdAt, String createdBy, Instant decidedAt) {
}
