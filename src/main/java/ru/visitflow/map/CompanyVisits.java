package ru.visitflow.map;

import static ru.visitflow.system.Rows.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The last completed and the next open visit of a company, for the popup. */
@Repository
class CompanyVisits {

	private final JdbcClient jdbc;

	CompanyVisits(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<VisitBrief> lastCompleted(long companyId) {
		return this.jdbc.sql("""
				select id, rep_id, visit_type, stage, planned_start, closed_at, outcome from visit
				where company_id = ? and stage = 'COMPLETED' order by closed_at desc, planned_start desc limit 1
				""").param(companyId).query(CompanyVisits::brief).optional();
	}

	Optional<VisitBrief> next(long companyId) {
		return this.jdbc.sql("""
				select id, rep_id, visit_type, stage, planned_start, closed_at, outcome from visit
				where company_id = ? and stage in ('DRAFT', 'IN_WORK', 'REPEAT_VISIT', 'OVERDUE')
				order by planned_start limit 1
				""").param(companyId).query(CompanyVisits::brief).optional();
	}

	private static VisitBrief brief(ResultSet rs, int row) throws SQLException {
		return new VisitBrief(rs.getString("id"), rs.getString("rep_id"), rs.getString("visit_type"),
				rs.getString("stage"), instant(rs, "planned_start"), instant(rs, "closed_at"), rs.getString("outcome"));
	}

	/** A visit as the popup shows it. */
	record VisitBrief(String id, String repId, String visitType, String stage, Instant plannedStart, Instant closedAt,
			String outcome) {
	}

}
