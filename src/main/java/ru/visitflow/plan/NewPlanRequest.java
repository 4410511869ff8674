package ru.visitflow.plan;

/**
 * A visit proposed for a plan: company, date (ISO, in the rep's zone), type, rep (for
 * team and region plans).
 */
public record NewPlanRequest(Long companyId, String companyTitle, String repId, String visitType, String plannedStart,
		String purpose, String region) {
}
