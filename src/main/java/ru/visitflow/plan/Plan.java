package ru.visitflow.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

/**
 * A plan of visits. The period runs from {@code periodStart} to {@code periodEnd}
 * inclusive, in the supervisor's time zone {@code timeZone}.
 */
public record Plan(UUID id, String processInstanceId, String supervisorId, PlanScope scope, String repId, String region,
		LocalDate periodStart, LocalDate periodEnd, ZoneId timeZone, int target, Map<String, Integer> mix,
		PlanFormer formedBy, PlanStatus status, String reviewComment, Instant paceCheckedAt, Integer paceDone,
		Integer paceExpected, Boolean paceBehind, String catchUpNote, Instant createdAt, String createdBy,
		Instant closedAt, Integer finalDone) {

	public Instant startsAt() {
		return this.periodStart.atStartOfDay(this.timeZone).toInstant();
	}

	public Instant endsAt() {
		return this.periodEnd.plusDays(1).atStartOfDay(this.timeZone).toInstant();
	}

	/** The user who forms the requests. */
	public String formerId() {
		return (this.formedBy == PlanFormer.REP) ? this.repId : this.supervisorId;
	}

}
