package ru.visitflow.visit;

import static ru.visitflow.system.Rows.instant;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import ru.visitflow.system.SummaryRows;

/**
 * Keeps the dashboards' summary tables ({@code dash_visit_day}, {@code dash_stage_stay})
 * in step with the visit read model, in the transaction that writes the visit: the
 * repository takes what a visit counts for before a write and after it, and the
 * difference goes into the summaries. A visit counts on the day (and its stays in the
 * month) of its planned start in its own time zone, so a reschedule to another day or
 * month moves it there.
 * <p>
 * In a transaction the summary rows are written last, just before it commits (after the
 * engine's own flush), with every write of the transaction netted and in one order: many
 * visits of one rep and day share a summary row, so a timer storm moving them all at once
 * holds each row's lock only for that moment, not for the rest of the lifecycle step.
 */
@Component
public class VisitFigures {

	private static final String COMPLETED = "COMPLETED";

	private final JdbcClient jdbc;

	private final SummaryRows rows;

	private final ConversionFigures conversion;

	VisitFigures(JdbcClient jdbc, SummaryRows rows, ConversionFigures conversion) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.conversion = conversion;
	}

	/**
	 * What one visit counts for: its day row and the stays in stages it has left; with
	 * the stage and time of its last recorded change (null without one), which begin the
	 * next stay.
	 */
	record Share(LocalDate day, String repId, String region, String visitType, String stage, List<Stay> stays,
			String lastStage, Instant lastChangeAt) {

		LocalDate month() {
			return this.day.withDayOfMonth(1);
		}

		/**
		 * What the visit counts for once a change to {@code stage} at {@code at} is
		 * recorded: the stay since the last change ends.
		 */
		Share changedTo(String stage, Instant at) {
			List<Stay> after = new ArrayList<>(this.stays);
			if (this.lastStage != null) {
				after.add(new Stay(this.lastStage,
						Math.max(0, at.getEpochSecond() - this.lastChangeAt.getEpochSecond())));
			}
			return new Share(this.day, this.repId, this.region, this.visitType, stage, after, stage, at);
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
					rs.getString("visit_type"), rs.getString("stage"), new ArrayList<>(), null, null))
			.optional();
		return head.map((share) -> {
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
			return new Share(share.day(), share.repId(), share.region(), share.visitType(), share.stage(),
					share.stays(), stage[0], entered[0]);
		});
	}

	/** What a visit just inserted counts for: it has no recorded change yet. */
	static Share of(Visit visit) {
		return new Share(LocalDate.ofInstant(visit.plannedStart(), visit.timeZone()), visit.repId(),
				(visit.region() != null) ? visit.region() : "", visit.visitType(), visit.stage().name(),
				new ArrayList<>(), null, null);
	}

	/**
	 * Moves the visit's counts from what it counted for before to what it counts for now.
	 */
	void moved(Optional<Share> before, UUID visitId) {
		moved(before, visitId, share(visitId));
	}

	/**
	 * Moves the visit's counts from what it counted for before to {@code after}, what the
	 * caller knows it counts for now (read back with {@link #share} otherwise).
	 */
	void moved(Optional<Share> before, UUID visitId, Optional<Share> after) {
		RowChanges changes = pending();
		before.ifPresent((b) -> count(b, -1, changes));
		after.ifPresent((a) -> count(a, 1, changes));
		applyUnlessPending(changes);
		boolean wasCompleted = before.map((b) -> COMPLETED.equals(b.stage())).orElse(false);
		boolean isCompleted = after.map((a) -> COMPLETED.equals(a.stage())).orElse(false);
		if (wasCompleted != isCompleted || (isCompleted && !countsAlike(before.get(), after.get()))) {
			completed(visitId, after.filter((a) -> COMPLETED.equals(a.stage())));
		}
	}

	/**
	 * Keeps the visit's row in {@code dash_completed_visit} (a completed visit with the
	 * days to its company's next sale, if any yet) or removes it, with the sales
	 * summaries of its company ({@link ConversionFigures}).
	 */
	private void completed(UUID visitId, Optional<Share> share) {
		this.conversion.completed(visitId, share.map((s) -> new ConversionFigures.Completed(s.day(), s.repId(),
				s.region(), s.visitType(),
				this.jdbc.sql("select company_id from visit where id = ?").param(visitId).query(Long.class).single())));
	}

	/**
	 * Whether a completed visit still counts on the same day for the same rep, region and
	 * type.
	 */
	private static boolean countsAlike(Share before, Share after) {
		return before.day().equals(after.day()) && before.repId().equals(after.repId())
				&& before.region().equals(after.region()) && before.visitType().equals(after.visitType());
	}

	/**
	 * Counts everything the visit counts for (all its stays) into the summaries, once:
	 * for rows written around the repository, such as data loaded by SQL.
	 */
	public void counted(UUID visitId) {
		Optional<Share> share = share(visitId);
		RowChanges changes = pending();
		share.ifPresent((s) -> count(s, 1, changes));
		applyUnlessPending(changes);
		completed(visitId, share.filter((s) -> COMPLETED.equals(s.stage())));
	}

	/**
	 * The summary changes of the current transaction, written just before it commits; a
	 * fresh set applied at once outside a transaction.
	 */
	private RowChanges pending() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return new RowChanges();
		}
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof WrittenBeforeCommit written && written.rows == this.rows) {
				return written.changes;
			}
		}
		WrittenBeforeCommit written = new WrittenBeforeCommit(this.rows);
		TransactionSynchronizationManager.registerSynchronization(written);
		return written.changes;
	}

	/**
	 * A transaction's summary changes (a synchronization, so that a transaction suspended
	 * for another keeps its own).
	 */
	private static final class WrittenBeforeCommit implements TransactionSynchronization {

		private final SummaryRows rows;

		private final RowChanges changes = new RowChanges();

		WrittenBeforeCommit(SummaryRows rows) {
			this.rows = rows;
			this.changes.pending = true;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			this.changes.apply(this.rows);
		}

	}

	private void applyUnlessPending(RowChanges changes) {
		if (!changes.pending) {
			changes.apply(this.rows);
		}
	}

	private void count(Share share, int sign, RowChanges changes) {
		Map<String, Object> day = new LinkedHashMap<>();
		day.put("on_day", share.day());
		day.put("rep_id", share.repId());
		day.put("region", share.region());
		day.put("visit_type", share.visitType());
		day.put("stage", share.stage());
		changes.add("dash_visit_day", day, "visits", sign, null);
		Map<String, Object> monthKey = new LinkedHashMap<>();
		monthKey.put("on_month", share.month());
		monthKey.put("rep_id", share.repId());
		monthKey.put("region", share.region());
		monthKey.put("visit_type", share.visitType());
		monthKey.put("stage", share.stage());
		changes.add("dash_visit_month", monthKey, "visits", sign, null);
		for (Stay stay : share.stays()) {
			Map<String, Object> key = new LinkedHashMap<>();
			key.put("stay_month", share.month());
			key.put("rep_id", share.repId());
			key.put("region", share.region());
			key.put("visit_type", share.visitType());
			key.put("stage", stay.stage());
			key.put("bucket", bucket(stay.seconds()));
			changes.add("dash_stage_stay", key, "stays", sign, stay.seconds());
		}
	}

	/**
	 * The summary rows one write changes, netted (a stay counted before and after the
	 * write is not touched) and applied in one order by table and key, so that two
	 * transactions moving visits in opposite directions never lock the same rows in
	 * opposite orders and deadlock.
	 */
	private static final class RowChanges {

		private final Map<String, Change> changes = new TreeMap<>();

		/** Written just before the transaction commits. */
		private boolean pending;

		void add(String table, Map<String, Object> key, String countColumn, int sign, Long seconds) {
			String order = table + key.values();
			Change change = this.changes.computeIfAbsent(order, (o) -> new Change(table, key, countColumn));
			change.count += sign;
			if (seconds != null) {
				change.seconds += sign * seconds;
				if (sign > 0 || change.bounds == null) {
					change.bounds = seconds;
				}
			}
		}

		void apply(SummaryRows rows) {
			for (Change change : this.changes.values()) {
				if (change.count == 0 && change.seconds == 0) {
					continue;
				}
				if (change.table.equals("dash_stage_stay")) {
					Map<String, Long> sums = new LinkedHashMap<>();
					sums.put(change.countColumn, change.count);
					sums.put("seconds", change.seconds);
					Map<String, Long> least = (change.bounds != null) ? Map.of("min_seconds", change.bounds) : Map.of();
					Map<String, Long> greatest = (change.bounds != null) ? Map.of("max_seconds", change.bounds)
							: Map.of();
					rows.add(change.table, change.key, sums, least, greatest);
				}
				else {
					rows.add(change.table, change.key, Map.of(change.countColumn, change.count));
				}
			}
		}

	}

	private static final class Change {

		private final String table;

		private final Map<String, Object> key;

		private final String countColumn;

		private long count;

		private long seconds;

		private Long bounds;

		Change(String table, Map<String, Object> key, String countColumn) {
			this.table = table;
			this.key = key;
			this.countColumn = countColumn;
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
