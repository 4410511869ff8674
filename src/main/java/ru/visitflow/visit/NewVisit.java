package ru.visitflow.visit;

/**
 * A request to plan a visit. {@code repId} may be null (the caller themself);
 * {@code plannedStart} is as the caller wrote it (see {@link VisitTimes#parse});
 * {@code durationMinutes} may be null (the type's default).
 */
public record NewVisit(Long companyId, String companyTitle, Long contactId, String repId, String visitType,
		String plannedStart, Integer durationMinutes, String purpose, String region, VisitOrigin origin) {
}
