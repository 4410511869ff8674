package ru.visitflow.visit;

import static ru.visitflow.system.Rows.instant;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ru.visitflow.system.SummaryRows;

/**
 * Keeps the dashboards' summary tables ({@code dash_visit_day}, {@code dash_stage_stay})
 * in step with the visit read model, in the transaction that writes the visit: the
 * repository takes what a visit counts for before a write and after it, and the
 * difference goes into the summaries. A visit counts on the day (and its stays in the
 * month) of its planned start in its own time zone, so a reschedule to another day or
 * month moves it there.
 */
@Component
public class VisitFigures {

	private static final String COMPLETED = "COMPLETED";

	private final JdbcClient jdbc;

	private final SummaryRows rows;

	VisitFigures(JdbcClient jdbc, SummaryRows rows) {
		this.jdbc = jdbc;
		this.rows = rows;
	}

	/** What one visit counts for: its day row and the stays in stages it has left. */
	record Share(LocalDate day, String repId, String region, String visitType, String stage, List<Stay> stays) {

		LocalDate month() {
			return this.day.withDayOfMonth(1);
		}

	}

	record Stay(String stage, long seconds) {
	}

	/** What the visit counts for now, or empty when it does not exist (yet). */
	Optional<Share> share(UUID visitId) {
		Optional<Share> head = this.jdbc
			.sql("select rep_id, region, visit_type, stage, planned_start, time_zone from visit where id = ?")
			.param(visitId)
			.query((rs, row) -> new Share(
					LocalDate.ofInstant(instant(rs, "planned_start"), ZoneId.of(rs.getString("time_zone"))),
					rs.getString("rep_id"), (rs.getString("region") != null) ? rs.getString("region") : "",
					rs.getString("visit_type"), rs.getString("stage"), new ArrayList<>()))
			.optional();
		head.ifPresent((share) -> {
			String[] stage = new String[1];
			Instant[] entered = new Instant[1];
			this.jdbc.sql("select to_stage, changed_at from visit_stage_change where visit_id = ? order by id")
				.param(visitId)
				.query((rs) -> {
					Instant at = instant(rs, "changed_at");
					if (stage[0] != null) {
						share.stays()
							.add(new Stay(stage[0], Math.max(0, at.getEpochSecond() - entered[0].getEpochSecond())));
					}
					stage[0] = rs.getString("to_stage");
					entered[0] = at;
				});
		});
		return head;
	}

	/**
	 * Moves the visit's counts from what it counted for before to what it counts for now.
	 */
	void moved(Optional<Share> before, UUID visitId) {
		Optional<Share> after = share(visitId);
		before.ifPresent((b) -> count(b, -1));
		after.ifPresent((a) -> count(a, 1));
		boolean wasCompleted = before.map((b) -> COMPLETED.equals(b.stage())).orElse(false);
		boolean isCompleted = after.map((a) -> COMPLETED.equals(a.stage())).orElse(false);
		if (wasCompleted != isCompleted || (isCompleted && !before.get().day().equals(after.get().day()))) {
			completed(visitId, after.filter((a) -> COMPLETED.equals(a.stage())));
		}
	}

	/**
	 * Keeps the visit's row in {@code dash_completed_visit} (a completed visit with the
	 * days to its company's next sale, if any yet) or removes it.
	 */
	private void completed(UUID visitId, Optional<Share> share) {
		this.jdbc.sql("delete from dash_completed_visit where visit_id = ?").param(visitId).update();
		share.ifPresent((s) -> {
			long companyId = this.jdbc.sql("select company_id from visit where id = ?")
				.param(visitId)
				.query(Long.class)
				.single();
			LocalDate firstSale = this.jdbc
				.sql("select min(document_date) from sales_document where company_id = ? and document_date >= ?")
				.params(companyId, s.day())
				.query(LocalDate.class)
				.optional()
				.orElse(null);
			this.jdbc
				.sql("""
						insert into dash_completed_visit (visit_id, on_day, rep_id, region, visit_type, company_id, days_to_sale)
						values (?, ?, ?, ?, ?, ?, ?)
						""")
				.params(visitId, s.day(), s.repId(), s.region(), s.visitType(), companyId,
						(firstSale != null) ? (int) ChronoUnit.DAYS.between(s.day(), firstSale) : null)
				.update();
		});
	}

	/**
	 * Counts everything the visit counts for (all its stays) into the summaries, once:
	 * for rows written around the repository, such as data loaded by SQL.
	 */
	public void counted(UUID visitId) {
		Optional<Share> share = share(visitId);
		share.ifPresent((s) -> count(s, 1));
		completed(visitId, share.filter((s) -> COMPLETED.equals(s.stage())));
	}

	private void count(Share share, int sign) {
		Map<String, Object> day = new LinkedHashMap<>();
		day.put("on_day", share.day());
		day.put("rep_id", share.repId());
		day.put("region", share.region());
		day.put("visit_type", share.visitType());
		day.put("stage", share.stage());
		this.rows.add("dash_visit_day", day, Map.of("visits", (long) sign));
		Map<String, Object> month = new LinkedHashMap<>(day);
		month.remove("on_day");
		Map<String, Object> monthKey = new LinkedHashMap<>();
		monthKey.put("on_month", share.month());
		monthKey.putAll(month);
		this.rows.add("dash_visit_month", monthKey, Map.of("visits", (long) sign));
		for (Stay stay : share.stays()) {
			Map<String, Object> key = new LinkedHashMap<>();
			key.put("stay_month", share.month());
			key.put("rep_id", share.repId());
			key.put("region", share.region());
			key.put("visit_type", share.visitType());
			key.put("stage", stay.stage());
			key.put("bucket", bucket(stay.seconds()));
			Map<String, Long> sums = new LinkedHashMap<>();
			sums.put("stays", (long) sign);
			sums.put("seconds", sign * stay.seconds());
			this.rows.add("dash_stage_stay", key, sums, Map.of("min_seconds", stay.seconds()),
					Map.of("max_seconds", stay.seconds()));
		}
	}

	/**
	 * The histogram bucket of a stay, as the migration computes it: 0 under a minute,
	 * then 1 + floor(4 log2(seconds / 60)).
	 */
	public static int bucket(long seconds) {
		if (seconds < 60) {
			return 0;
		}
		return 1 + (int) Math.floor(4 * Math.log(seconds / 60.0) / Math.log(2) + 0.000000001);
	}

}
