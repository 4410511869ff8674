package ru.visitflow.field;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.VisitAccess;
import ru.visitflow.visit.VisitStage;

/**
 * "My numbers": completed visits this month and in a chosen period, by type, against the
 * rep's monthly target, and the share of check-ins made on site.
 */
@Service
public class FieldNumbers {

	private final FieldDays days;

	private final FieldCheckRepository checks;

	private final TargetRepository targets;

	private final VisitAccess access;

	private final UserDirectory users;

	FieldNumbers(FieldDays days, FieldCheckRepository checks, TargetRepository targets, VisitAccess access,
			UserDirectory users) {
		this.days = days;
		this.checks = checks;
		this.targets = targets;
		this.access = access;
		this.users = users;
	}

	/**
	 * @param completedThisMonth completed visits planned in the current month
	 * @param target the month's target, null when none is set
	 * @param completedInPeriod completed visits planned in the period
	 * @param byType the period's completed visits by visit type code
	 * @param checkIns check-ins made in the period
	 * @param onSite of which on site
	 */
	public record Numbers(String repId, YearMonth month, int completedThisMonth, Integer target, LocalDate from,
			LocalDate to, int completedInPeriod, Map<String, Integer> byType, int checkIns, int onSite) {

		public Integer onSitePercent() {
			return (this.checkIns == 0) ? null : Math.round(100f * this.onSite / this.checkIns);
		}

		public Integer targetPercent() {
			return (this.target == null || this.target == 0) ? null
					: Math.round(100f * this.completedThisMonth / this.target);
		}

	}

	/**
	 * The period runs from {@code from} to {@code to}, both inclusive; by default the
	 * current month.
	 */
	public Numbers of(String repId, LocalDate from, LocalDate to, Actor actor) {
		ZoneId zone = this.days.zoneOf(repId);
		YearMonth month = YearMonth.from(this.days.today(repId));
		LocalDate start = (from != null) ? from : month.atDay(1);
		LocalDate end = (to != null) ? to : month.atEndOfMonth();
		if (end.isBefore(start) || start.plusDays(366).isBefore(end)) {
			throw new InvalidInputException("to", "invalid", "must be on or after 'from', at most a year later");
		}
		int thisMonth = this.days
			.between(repId, month.atDay(1), month.plusMonths(1).atDay(1), VisitStage.COMPLETED, actor)
			.size();
		Map<String, Integer> byType = new TreeMap<>();
		int inPeriod = 0;
		for (LocalDate chunk = start; !chunk.isAfter(end); chunk = chunk.plusDays(60)) {
			LocalDate chunkEnd = chunk.plusDays(60).isAfter(end.plusDays(1)) ? end.plusDays(1) : chunk.plusDays(60);
			for (FieldDays.DayVisit visit : this.days.between(repId, chunk, chunkEnd, VisitStage.COMPLETED, actor)) {
				byType.merge(visit.visit().visitType(), 1, Integer::sum);
				inPeriod++;
			}
		}
		List<FieldCheck> checkIns = this.checks.checkInsOf(repId, start.atStartOfDay(zone).toInstant(),
				end.plusDays(1).atStartOfDay(zone).toInstant());
		int onSite = (int) checkIns.stream().filter((c) -> c.grade().onSite()).count();
		return new Numbers(repId, month, thisMonth, this.targets.find(repId, month).orElse(null), start, end, inPeriod,
				byType, checkIns.size(), onSite);
	}

	/**
	 * One rep's month on the targets page.
	 *
	 * @param target null when none is set
	 * @param completed completed visits planned in the month
	 */
	public record TargetRow(String repId, String name, YearMonth month, Integer target, int completed, int checkIns,
			int onSite) {

		@JsonProperty
		public Integer targetPercent() {
			return (this.target == null || this.target == 0) ? null : Math.round(100f * this.completed / this.target);
		}

		@JsonProperty
		public Integer onSitePercent() {
			return (this.checkIns == 0) ? null : Math.round(100f * this.onSite / this.checkIns);
		}

	}

	/**
	 * The month's target, done and share on site for each rep the actor sets targets for:
	 * a supervisor's team, every rep for an administrator; others are refused.
	 */
	public List<TargetRow> targets(YearMonth month, Actor actor) {
		List<String> reps;
		if (actor.isAdmin()) {
			reps = this.users.reps();
		}
		else if (actor.isSupervisor()) {
			reps = this.users.teamOf(actor.userId());
		}
		else {
			throw new ForbiddenException("Targets are set by supervisors and administrators");
		}
		return reps.stream().map((rep) -> row(rep, month, actor)).toList();
	}

	/** One rep's row; the actor must see the rep. */
	public TargetRow row(String repId, YearMonth month, Actor actor) {
		this.access.check(actor, repId);
		Numbers month0 = of(repId, month.atDay(1), month.atEndOfMonth(), actor);
		return new TargetRow(repId, this.users.displayName(repId).orElse(repId), month,
				this.targets.find(repId, month).orElse(null), month0.completedInPeriod(), month0.checkIns(),
				month0.onSite());
	}

	/** Sets a rep's monthly target: their supervisor or an administrator. */
	@Transactional
	public void setTarget(String repId, YearMonth month, int visits, Actor actor) {
		if (!(actor.isAdmin() || actor.isSupervisor()) || actor.userId().equals(repId)) {
			throw new ForbiddenException("A rep's target is set by their supervisor or an administrator");
		}
		this.access.check(actor, repId);
		if (!this.users.isRep(repId)) {
			throw new InvalidInputException("repId", "unknown", "'" + repId + "' is not a rep");
		}
		if (visits < 0 || visits > 10000) {
			throw new InvalidInputException("visits", "invalid", "must be between 0 and 10000");
		}
		this.targets.save(repId, month, visits, actor.userId());
	}

}
