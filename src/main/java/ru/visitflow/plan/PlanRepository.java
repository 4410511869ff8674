package ru.visitflow.plan;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Plans, their mix and their requests: plain SQL over Visitflow's own tables. */
@Repository
class PlanRepository {

	private final JdbcClient jdbc;

	PlanRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Plan plan) {
		this.jdbc.sql("""
				insert into visit_plan (id, supervisor_id, scope, rep_id, region, period_start, period_end, time_zone,
				  target, formed_by, status, created_at, created_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(plan.id(), plan.supervisorId(), plan.scope().name(), plan.repId(), plan.region(),
					plan.periodStart(), plan.periodEnd(), plan.timeZone().getId(), plan.target(),
					plan.formedBy().name(), plan.status().name(), utc(plan.createdAt()), plan.createdBy())
			.update();
		plan.mix()
			.forEach((type, target) -> this.jdbc
				.sql("insert into visit_plan_mix (plan_id, visit_type, target) values (?, ?, ?)")
				.params(plan.id(), type, target)
				.update());
	}

	void linkProcessInstance(UUID id, String processInstanceId) {
		this.jdbc.sql("update visit_plan set process_instance_id = ? where id = ?")
			.params(processInstanceId, id)
			.update();
	}

	Optional<Plan> find(UUID id) {
		return this.jdbc.sql("select * from visit_plan where id = ?").param(id).query(this::map).optional();
	}

	/**
	 * Plans overlapping the period, limited to a supervisor or to a rep's own plans when
	 * given.
	 */
	List<Plan> list(String supervisorId, String repId, LocalDate from, LocalDate to) {
		StringBuilder sql = new StringBuilder("select * from visit_plan where 1 = 1");
		List<Object> params = new ArrayList<>();
		if (supervisorId != null) {
			sql.append(" and supervisor_id = ?");
			params.add(supervisorId);
		}
		if (repId != null) {
			sql.append(" and rep_id = ?");
			params.add(repId);
		}
		if (from != null) {
			sql.append(" and period_end >= ?");
			params.add(from);
		}
		if (to != null) {
			sql.append(" and period_start <= ?");
			params.add(to);
		}
		sql.append(" order by period_start desc, created_at desc");
		return this.jdbc.sql(sql.toString()).params(params).query(this::map).list();
	}

	void changeStatus(UUID id, PlanStatus status) {
		this.jdbc.sql("update visit_plan set status = ? where id = ?").params(status.name(), id).update();
	}

	void recordReviewComment(UUID id, String comment) {
		this.jdbc.sql("update visit_plan set review_comment = ? where id = ?").params(comment, id).update();
	}

	void recordPace(UUID id, Instant at, int done, int expected, boolean behind) {
		this.jdbc.sql(
				"update visit_plan set pace_checked_at = ?, pace_done = ?, pace_expected = ?, pace_behind = ? where id = ?")
			.params(utc(at), done, expected, behind, id)
			.update();
	}

	void cancel(UUID id, Instant at, String by, String reason) {
		this.jdbc.sql("""
				update visit_plan set status = ?, closed_at = ?, cancelled_by = ?, cancel_reason = ? where id = ?
				""").params(PlanStatus.CANCELLED.name(), utc(at), by, reason, id).update();
	}

	/** Why and by whom a cancelled plan was cancelled, if it was. */
	Optional<PlanService.Cancellation> cancellation(UUID id) {
		return this.jdbc.sql("select cancelled_by, cancel_reason from visit_plan where id = ? and status = ?")
			.params(id, PlanStatus.CANCELLED.name())
			.query((rs, row) -> new PlanService.Cancellation(rs.getString("cancelled_by"),
					rs.getString("cancel_reason")))
			.optional();
	}

	void recordCatchUp(UUID id, String note) {
		this.jdbc.sql("update visit_plan set catch_up_note = ? where id = ?").params(note, id).update();
	}

	void close(UUID id, Instant at, int done) {
		this.jdbc.sql("update visit_plan set status = ?, closed_at = ?, final_done = ? where id = ?")
			.params(PlanStatus.CLOSED.name(), utc(at), done, id)
			.update();
	}

	// ---- requests ----

	void insert(PlanRequest request) {
		this.jdbc
			.sql("""
					insert into visit_plan_request (id, plan_id, company_id, company_title, rep_id, visit_type, planned_start,
					  purpose, region, status, created_at, created_by)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					""")
			.params(request.id(), request.planId(), request.companyId(), request.companyTitle(), request.repId(),
					request.visitType(), utc(request.plannedStart()), request.purpose(), request.region(),
					request.status().name(), utc(request.createdAt()), request.createdBy())
			.update();
	}

	List<PlanRequest> requests(UUID planId) {
		return this.jdbc
			.sql("select * from visit_plan_request where plan_id = ? order by planned_start, created_at, id")
			.param(planId)
			.query(PlanRepository::mapRequest)
			.list();
	}

	List<PlanRequest> requests(UUID planId, Collection<RequestStatus> statuses) {
		return requests(planId).stream().filter((r) -> statuses.contains(r.status())).toList();
	}

	void decide(UUID requestId, RequestStatus status, String comment, Instant at) {
		this.jdbc.sql("update visit_plan_request set status = ?, review_comment = ?, decided_at = ? where id = ?")
			.params(status.name(), comment, utc(at), requestId)
			.update();
	}

	void changeStatus(UUID requestId, RequestStatus status) {
		this.jdbc.sql("update visit_plan_request set status = ? where id = ?")
			.params(status.name(), requestId)
			.update();
	}

	void linkVisit(UUID requestId, UUID visitId) {
		this.jdbc.sql("update visit_plan_request set visit_id = ? where id = ?").params(visitId, requestId).update();
	}

	// ---- progress ----

	/**
	 * Visits of the period by stage and type, for reps in {@code repIds} (null: any) and
	 * a region (null: any).
	 */
	List<StageTypeCount> visitCounts(Instant from, Instant to, Collection<String> repIds, String region) {
		StringBuilder sql = new StringBuilder(
				"select stage, visit_type, count(*) n from visit where planned_start >= ? and planned_start < ?");
		List<Object> params = new ArrayList<>(List.of(utc(from), utc(to)));
		if (repIds != null) {
			if (repIds.isEmpty()) {
				return List.of();
			}
			sql.append(" and rep_id in (")
				.append(String.join(", ", repIds.stream().map((r) -> "?").toList()))
				.append(")");
			params.addAll(repIds);
		}
		if (region != null) {
			sql.append(" and region = ?");
			params.add(region);
		}
		sql.append(" group by stage, visit_type");
		return this.jdbc.sql(sql.toString())
			.params(params)
			.query((rs, row) -> new StageTypeCount(rs.getString("stage"), rs.getString("visit_type"), rs.getInt("n")))
			.list();
	}

	record StageTypeCount(String stage, String visitType, int count) {
	}

	private Plan map(ResultSet rs, int row) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		Map<String, Integer> mix = new LinkedHashMap<>();
		this.jdbc.sql("select visit_type, target from visit_plan_mix where plan_id = ? order by visit_type")
			.param(id)
			.query((r) -> {
				mix.put(r.getString("visit_type"), r.getInt("target"));
			});
		return new Plan(id, rs.getString("process_instance_id"), rs.getString("supervisor_id"),
				PlanScope.valueOf(rs.getString("scope")), rs.getString("rep_id"), rs.getString("region"),
				rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class),
				ZoneId.of(rs.getString("time_zone")), rs.getInt("target"), mix,
				PlanFormer.valueOf(rs.getString("formed_by")), PlanStatus.valueOf(rs.getString("status")),
				rs.getString("review_comment"), instant(rs, "pace_checked_at"), intOrNull(rs, "pace_done"),
				intOrNull(rs, "pace_expected"), boolOrNull(rs, "pace_behind"), rs.getString("catch_up_note"),
				instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "closed_at"),
				intOrNull(rs, "final_done"));
	}

	private static PlanRequest mapRequest(ResultSet rs, int row) throws SQLException {
		return new PlanRequest(rs.getObject("id", UUID.class), rs.getObject("plan_id", UUID.class),
				rs.getLong("company_id"), rs.getString("company_title"), rs.getString("rep_id"),
				rs.getString("visit_type"), instant(rs, "planned_start"), rs.getString("purpose"),
				rs.getString("region"), RequestStatus.valueOf(rs.getString("status")), rs.getString("review_comment"),
				rs.getObject("visit_id", UUID.class), instant(rs, "created_at"), rs.getString("created_by"),
				instant(rs, "decided_at"));
	}

	private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static Boolean boolOrNull(ResultSet rs, String column) throws SQLException {
		boolean value = rs.getBoolean(column);
		return rs.wasNull() ? null : value;
	}

}
