package ru.visitflow.coverage;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.longOrNull;
import static ru.visitflow.system.Rows.utc;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.VisitAccess;

/**
 * Companies against their cadence. One query reads every company with its last completed
 * and next open visit (two grouped sub-queries over the visit indexes); the status is
 * worked out here.
 */
@Service
public class CoverageService {

	private static final Set<String> SEGMENTS = Set.of("A", "B", "C");

	private final JdbcClient jdbc;

	private final CoverageProperties properties;

	private final VisitAccess access;

	private final UserDirectory users;

	private final Clock clock;

	CoverageService(JdbcClient jdbc, CoverageProperties properties, VisitAccess access, UserDirectory users,
			Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.access = access;
		this.users = users;
		this.clock = clock;
	}

	/**
	 * The companies the actor may see, optionally for one rep or region and some
	 * statuses.
	 */
	@Transactional(readOnly = true)
	public List<CoverageEntry> list(Actor actor, String repId, String region, Collection<CoverageStatus> statuses) {
		if (repId != null && !this.access.mayAct(actor, repId)) {
			throw new ForbiddenException("These companies belong to another rep");
		}
		List<String> visible = this.access.visibleReps(actor);
		List<String> reps = (repId != null) ? List.of(repId) : visible;
		return entries(reps, region, this.users.timeZoneOf(actor.userId()), statuses);
	}

	/**
	 * Companies needing a visit, most urgent first: never visited, then overdue, then
	 * due.
	 */
	@Transactional(readOnly = true)
	public List<CoverageEntry> suggestions(Collection<String> repIds, String region, ZoneId zone, int limit) {
		return entries(repIds, region, zone,
				Set.of(CoverageStatus.NEVER_VISITED, CoverageStatus.OVERDUE, CoverageStatus.DUE))
			.stream()
			.sorted(Comparator.comparing(CoverageEntry::status)
				.thenComparing(CoverageEntry::dueOn, Comparator.nullsFirst(Comparator.naturalOrder())))
			.limit(limit)
			.toList();
	}

	@Transactional
	public Cadence setCadence(Cadence cadence, Actor actor) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!actor.isSupervisor() && !actor.isAdmin()) {
			throw new ForbiddenException("Only supervisors and administrators set a cadence");
		}
		String segment = (cadence.segment() != null && !cadence.segment().isBlank()) ? cadence.segment().trim() : null;
		if (segment != null && !SEGMENTS.contains(segment)) {
			problems
				.add(new FieldProblem("segment", "unknown", "must be one of " + SEGMENTS.stream().sorted().toList()));
		}
		if (cadence.frequencyDays() != null && (cadence.frequencyDays() < 1 || cadence.frequencyDays() > 366)) {
			problems.add(new FieldProblem("frequencyDays", "invalid", "must be between 1 and 366 days"));
		}
		if (this.jdbc.sql("select count(*) from company where id = ?")
			.param(cadence.companyId())
			.query(Long.class)
			.single() == 0) {
			problems.add(new FieldProblem("companyId", "unknown", "no company " + cadence.companyId()));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		int updated = this.jdbc.sql(
				"update company_cadence set segment = ?, frequency_days = ?, updated_at = ?, updated_by = ? where company_id = ?")
			.params(segment, cadence.frequencyDays(), utc(this.clock.instant()), actor.userId(), cadence.companyId())
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					insert into company_cadence (segment, frequency_days, updated_at, updated_by, company_id)
					values (?, ?, ?, ?, ?)
					""")
				.params(segment, cadence.frequencyDays(), utc(this.clock.instant()), actor.userId(),
						cadence.companyId())
				.update();
		}
		return new Cadence(cadence.companyId(), segment, cadence.frequencyDays());
	}

	private List<CoverageEntry> entries(Collection<String> repIds, String region, ZoneId zone,
			Collection<CoverageStatus> statuses) {
		StringBuilder sql = new StringBuilder("""
				select c.id, c.title, coalesce(c.region, up.region) region, up.user_id rep_id, cc.segment,
				  cc.frequency_days, lv.last_done, nv.next_planned
				from company c
				left join user_profile up on up.bitrix24_user_id = c.assigned_by_id
				left join company_cadence cc on cc.company_id = c.id
				left join (select company_id, max(planned_start) last_done from visit where stage = 'COMPLETED'
				  group by company_id) lv on lv.company_id = c.id
				left join (select company_id, min(planned_start) next_planned from visit
				  where stage in ('DRAFT', 'IN_WORK', 'REPEAT_VISIT') group by company_id) nv on nv.company_id = c.id
				where 1 = 1
				""");
		List<Object> params = new ArrayList<>();
		if (repIds != null) {
			if (repIds.isEmpty()) {
				return List.of();
			}
			sql.append(" and up.user_id in (")
				.append(String.join(", ", repIds.stream().map((r) -> "?").toList()))
				.append(")");
			params.addAll(repIds);
		}
		if (region != null && !region.isBlank()) {
			sql.append(" and coalesce(c.region, up.region) = ?");
			params.add(region);
		}
		sql.append(" order by c.id");
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), zone);
		return this.jdbc.sql(sql.toString()).params(params).query((rs, row) -> {
			Integer own = (Integer) (longOrNull(rs, "frequency_days") != null ? rs.getInt("frequency_days") : null);
			String segment = rs.getString("segment");
			int frequency = this.properties.frequencyOf(segment, own);
			Instant last = instant(rs, "last_done");
			Instant next = instant(rs, "next_planned");
			LocalDate dueOn = (last != null) ? LocalDate.ofInstant(last, zone).plusDays(frequency) : null;
			CoverageStatus status;
			if (next != null) {
				status = CoverageStatus.PLANNED;
			}
			else if (last == null) {
				status = CoverageStatus.NEVER_VISITED;
			}
			else if (dueOn.isBefore(today)) {
				status = CoverageStatus.OVERDUE;
			}
			else if (!dueOn.isAfter(today.plusDays(this.properties.dueWithinDays()))) {
				status = CoverageStatus.DUE;
			}
			else {
				status = CoverageStatus.OK;
			}
			return new CoverageEntry(rs.getLong("id"), rs.getString("title"), rs.getString("region"),
					rs.getString("rep_id"), segment, frequency, last, next, dueOn, status);
		})
			.list()
			.stream()
			.filter((e) -> statuses == null || statuses.isEmpty() || statuses.contains(e.status()))
			.toList();
	}

}
