package ru.visitflow.visit;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.longOrNull;
import static ru.visitflow.system.Rows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The visit read model: plain SQL over Visitflow's own tables. */
@Repository
class VisitRepository {

	private final JdbcClient jdbc;

	private final VisitFigures figures;

	VisitRepository(JdbcClient jdbc, VisitFigures figures) {
		this.jdbc = jdbc;
		this.figures = figures;
	}

	void insert(Visit visit) {
		this.jdbc.sql("""
				insert into visit (id, company_id, company_title, contact_id, rep_id, visit_type, planned_start,
				  duration_minutes, time_zone, purpose, region, origin, stage, stage_changed_at, previous_visit_id,
				  bitrix24_item_id, version, created_at, created_by)
				values (:id, :companyId, :companyTitle, :contactId, :repId, :visitType, :plannedStart,
				  :durationMinutes, :timeZone, :purpose, :region, :origin, :stage, :stageChangedAt, :previousVisitId,
				  :bitrix24ItemId, :version, :createdAt, :createdBy)
				""")
			.param("id", visit.id())
			.param("companyId", visit.companyId())
			.param("companyTitle", visit.companyTitle())
			.param("contactId", visit.contactId())
			.param("repId", visit.repId())
			.param("visitType", visit.visitType())
			.param("plannedStart", utc(visit.plannedStart()))
			.param("durationMinutes", visit.durationMinutes())
			.param("timeZone", visit.timeZone().getId())
			.param("purpose", visit.purpose())
			.param("region", visit.region())
			.param("origin", visit.origin().name())
			.param("stage", visit.stage().name())
			.param("stageChangedAt", utc(visit.stageChangedAt()))
			.param("previousVisitId", visit.previousVisitId())
			.param("bitrix24ItemId", visit.bitrix24ItemId())
			.param("version", visit.version())
			.param("createdAt", utc(visit.createdAt()))
			.param("createdBy", visit.createdBy())
			.update();
		this.figures.moved(Optional.empty(), visit.id(), Optional.of(VisitFigures.of(visit)));
	}

	Optional<Visit> find(UUID id) {
		return this.jdbc.sql("select * from visit where id = ?").param(id).query(VisitRepository::map).optional();
	}

	Optional<Visit> findByBitrix24Item(long itemId) {
		return this.jdbc.sql("select * from visit where bitrix24_item_id = ?")
			.param(itemId)
			.query(VisitRepository::map)
			.optional();
	}

	void linkBitrix24Item(UUID id, long itemId) {
		this.jdbc.sql("update visit set bitrix24_item_id = ? where id = ? and bitrix24_item_id is null")
			.params(itemId, id)
			.update();
	}

	void linkProcessInstance(UUID id, String processInstanceId) {
		this.jdbc.sql("update visit set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
	}

	void changeStage(UUID id, VisitStage from, VisitStage to, Instant at, String by, String note) {
		Optional<VisitFigures.Share> before = this.figures.share(id);
		this.jdbc.sql("""
				update visit set stage = ?, stage_changed_at = ?, version = version + 1,
				  closed_at = case when ? then ? else null end
				where id = ?
				""").params(to.name(), utc(at), !to.isOpen(), utc(at), id).update();
		this.jdbc.sql("""
				insert into visit_stage_change (visit_id, from_stage, to_stage, changed_at, changed_by, note)
				values (?, ?, ?, ?, ?, ?)
				""").params(id, (from != null) ? from.name() : null, to.name(), utc(at), by, note).update();
		this.figures.moved(before, id, before.map((share) -> share.changedTo(to.name(), at)));
	}

	/**
	 * Marks a change Bitrix24 must hear of, without a stage change (a new date, a note).
	 */
	void touch(UUID id) {
		this.jdbc.sql("update visit set version = version + 1 where id = ?").param(id).update();
	}

	void changePlannedStart(UUID id, Instant plannedStart) {
		Optional<VisitFigures.Share> before = this.figures.share(id);
		this.jdbc.sql("update visit set planned_start = ?, version = version + 1 where id = ?")
			.params(utc(plannedStart), id)
			.update();
		this.figures.moved(before, id);
	}

	void recordReview(UUID id, String comment) {
		this.jdbc.sql("update visit set review_comment = ? where id = ?").params(comment, id).update();
	}

	void recordResult(UUID id, VisitResult result) {
		this.jdbc.sql("update visit set outcome = ?, result_notes = ?, version = version + 1 where id = ?")
			.params(result.outcome().name(), result.notes(), id)
			.update();
	}

	void recordCancelReason(UUID id, String reason) {
		this.jdbc.sql("update visit set cancel_reason = ? where id = ?").params(reason, id).update();
	}

	List<StageChange> stageHistory(UUID id) {
		return this.jdbc.sql("select * from visit_stage_change where visit_id = ? order by id")
			.param(id)
			.query((rs, row) -> new StageChange(stageOrNull(rs.getString("from_stage")),
					VisitStage.valueOf(rs.getString("to_stage")), instant(rs, "changed_at"), rs.getString("changed_by"),
					rs.getString("note")))
			.list();
	}

	/**
	 * A page of visits matching the filter, limited to {@code repIds} unless that is
	 * null.
	 */
	VisitPage search(VisitFilter filter, Collection<String> repIds, int page, int size) {
		StringBuilder where = new StringBuilder(" where 1 = 1");
		List<Object> params = new ArrayList<>();
		if (repIds != null) {
			if (repIds.isEmpty()) {
				return new VisitPage(List.of(), page, size, 0);
			}
			where.append(" and rep_id in (")
				.append(String.join(", ", repIds.stream().map((r) -> "?").toList()))
				.append(")");
			params.addAll(repIds);
		}
		if (filter.repId() != null) {
			where.append(" and rep_id = ?");
			params.add(filter.repId());
		}
		if (filter.stage() != null) {
			where.append(" and stage = ?");
			params.add(filter.stage().name());
		}
		if (filter.companyId() != null) {
			where.append(" and company_id = ?");
			params.add(filter.companyId());
		}
		if (filter.from() != null) {
			where.append(" and planned_start >= ?");
			params.add(utc(filter.from()));
		}
		if (filter.to() != null) {
			where.append(" and planned_start < ?");
			params.add(utc(filter.to()));
		}
		long total = this.jdbc.sql("select count(*) from visit" + where).params(params).query(Long.class).single();
		List<Object> pageParams = new ArrayList<>(params);
		pageParams.add(size);
		pageParams.add((long) page * size);
		List<Visit> items = this.jdbc
			.sql("select * from visit" + where + " order by planned_start, id limit ? offset ?")
			.params(pageParams)
			.query(VisitRepository::map)
			.list();
		return new VisitPage(items, page, size, total);
	}

	private static Visit map(ResultSet rs, int row) throws SQLException {
		return new Visit(rs.getObject("id", UUID.class), rs.getString("process_instance_id"), rs.getLong("company_id"),
				rs.getString("company_title"), longOrNull(rs, "contact_id"), rs.getString("rep_id"),
				rs.getString("visit_type"), instant(rs, "planned_start"), rs.getInt("duration_minutes"),
				ZoneId.of(rs.getString("time_zone")), rs.getString("purpose"), rs.getString("region"),
				VisitOrigin.valueOf(rs.getString("origin")), VisitStage.valueOf(rs.getString("stage")),
				instant(rs, "stage_changed_at"), rs.getString("review_comment"), outcomeOrNull(rs.getString("outcome")),
				rs.getString("result_notes"), rs.getString("cancel_reason"),
				rs.getObject("previous_visit_id", UUID.class), longOrNull(rs, "bitrix24_item_id"),
				rs.getLong("version"), instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "closed_at"));
	}

	private static VisitStage stageOrNull(String value) {
		return (value != null) ? VisitStage.valueOf(value) : null;
	}

	private static VisitOutcome outcomeOrNull(String value) {
		return (value != null) ? VisitOutcome.valueOf(value) : null;
	}

}
