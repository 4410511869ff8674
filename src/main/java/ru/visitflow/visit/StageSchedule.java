package ru.visitflow.visit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;

/**
 * When a visit changes stage on its own, all counted in the rep's time zone, and the
 * stage it enters now.
 *
 * @param inWorkAt start of the day {@code inWorkLeadTime} before the planned date
 * @param repeatInWorkAt start of the day {@code repeatVisitLeadTime} before the planned
 * date
 * @param overdueAt end of the planned day plus the grace period
 * @param entryStage the stage to enter now: a visit planned inside a lead time skips to
 * In work
 */
public record StageSchedule(Instant inWorkAt, Instant repeatInWorkAt, Instant overdueAt, VisitStage entryStage) {

	public static StageSchedule plan(Instant plannedStart, ZoneId zone, boolean repeatVisit, Instant now,
			Period inWorkLeadTime, Period repeatVisitLeadTime, Duration overdueGracePeriod) {
		LocalDate plannedDay = plannedStart.atZone(zone).toLocalDate();
		Instant inWorkAt = plannedDay.minus(inWorkLeadTime).atStartOfDay(zone).toInstant();
		Instant repeatInWorkAt = plannedDay.minus(repeatVisitLeadTime).atStartOfDay(zone).toInstant();
		Instant overdueAt = plannedDay.plusDays(1).atStartOfDay(zone).toInstant().plus(overdueGracePeriod);
		VisitStage entryStage;
		if (repeatVisit) {
			entryStage = now.isBefore(repeatInWorkAt) ? VisitStage.REPEAT_VISIT : VisitStage.IN_WORK;
		}
		else {
			entryStage = now.isBefore(inWorkAt) ? VisitStage.DRAFT : VisitStage.IN_WORK;
		}
		return new StageSchedule(inWorkAt, repeatInWorkAt, overdueAt, entryStage);
	}

}
