package ru.visitflow.field;

import static ru.visitflow.system.Rows.instant;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ru.visitflow.system.SummaryRows;

/**
 * Counts a check-in into the dashboards' {@code dash_check_day} summary in the
 * transaction that stores it: the day of the server's clock in the visit's time zone,
 * rep, region, type, distance grade and whether a forgery flag was raised.
 */
@Component
public class CheckFigures {

	private final JdbcClient jdbc;

	private final SummaryRows rows;

	CheckFigures(JdbcClient jdbc, SummaryRows rows) {
		this.jdbc = jdbc;
		this.rows = rows;
	}

	/** Counts the stored check once (check-outs count for nothing). */
	public void counted(UUID checkId) {
		this.jdbc.sql("""
				select f.rep_id, f.server_time, f.grade, f.flags, v.region, v.visit_type, v.time_zone
				from field_check f join visit v on v.id = f.visit_id where f.id = ? and f.kind = 'CHECK_IN'
				""").param(checkId).query((rs) -> {
			Map<String, Object> key = new LinkedHashMap<>();
			key.put("on_day", LocalDate.ofInstant(instant(rs, "server_time"), ZoneId.of(rs.getString("time_zone"))));
			key.put("rep_id", rs.getString("rep_id"));
			key.put("region", (rs.getString("region") != null) ? rs.getString("region") : "");
			key.put("visit_type", rs.getString("visit_type"));
			key.put("grade", rs.getString("grade"));
			String flags = rs.getString("flags");
			key.put("flagged", (flags != null && !flags.isEmpty()) ? 1 : 0);
			this.rows.add("dash_check_day", key, Map.of("checks", 1L));
		});
	}

}
