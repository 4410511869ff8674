package ru.visitflow.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ru.visitflow.visit.VisitStage;

/**
 * The cluster-wide figures, read from the shared database in a few grouped queries and
 * kept for the refresh interval, so a scrape every few seconds from several Prometheus
 * servers costs the database little. A failed read keeps the last figures (and is logged
 * at debug level): metrics never break a scrape.
 */
@Component
public class OperationsSnapshot {

	private static final Logger logger = LoggerFactory.getLogger(OperationsSnapshot.class);

	/** Inbox events are set aside after this many attempts (as in the inbox itself). */
	private static final int INBOX_MAX_ATTEMPTS = 8;

	private final JdbcClient jdbc;

	private final Duration refreshInterval;

	private final ReentrantLock refreshing = new ReentrantLock();

	private volatile Figures figures = Figures.EMPTY;

	private volatile long readAtNanos = Long.MIN_VALUE;

	OperationsSnapshot(JdbcClient jdbc, MetricsProperties properties) {
		this.jdbc = jdbc;
		this.refreshInterval = properties.refreshInterval();
	}

	/** The figures, read again first if they are older than the refresh interval. */
	public Figures figures() {
		long now = System.nanoTime();
		if ((this.readAtNanos == Long.MIN_VALUE || now - this.readAtNanos > this.refreshInterval.toNanos())
				&& this.refreshing.tryLock()) {
			try {
				this.figures = read(Instant.now());
				this.readAtNanos = System.nanoTime();
			}
			catch (RuntimeException ex) {
				logger.debug("Metrics: reading the database failed, the last figures stay: {}", ex.getMessage());
			}
			finally {
				this.refreshing.unlock();
			}
		}
		return this.figures;
	}

	Figures read(Instant now) {
		OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
		Map<String, Long> waiting = new HashMap<>();
		this.jdbc.sql("""
				select topic_name_, count(*) from act_ru_ext_task
				where (lock_exp_time_ is null or lock_exp_time_ < ?) and (retries_ is null or retries_ > 0)
				  and suspension_state_ = 1
				group by topic_name_""").param(at).query((rs) -> {
			waiting.put(rs.getString(1), rs.getLong(2));
		});
		Map<String, Long> locked = new HashMap<>();
		this.jdbc
			.sql("select topic_name_, count(*) from act_ru_ext_task where lock_exp_time_ >= ? group by topic_name_")
			.param(at)
			.query((rs) -> {
				locked.put(rs.getString(1), rs.getLong(2));
			});
		Map<String, Long> incidents = new HashMap<>();
		this.jdbc.sql("select incident_type_, count(*) from act_ru_incident group by incident_type_").query((rs) -> {
			incidents.put(rs.getString(1), rs.getLong(2));
		});
		long jobsDue = this.jdbc.sql("""
				select count(*) from act_ru_job where retries_ > 0 and suspension_state_ = 1
				  and (duedate_ is null or duedate_ <= ?) and (lock_exp_time_ is null or lock_exp_time_ < ?)""")
			.params(at, at)
			.query(Long.class)
			.single();
		long jobsFailed = this.jdbc.sql("select count(*) from act_ru_job where retries_ = 0")
			.query(Long.class)
			.single();
		long inboxDepth = this.jdbc
			.sql("select count(*) from bitrix24_event where processed_at is null and attempts < ?")
			.param(INBOX_MAX_ATTEMPTS)
			.query(Long.class)
			.single();
		double inboxAge = age(now,
				this.jdbc.sql("select min(received_at) from bitrix24_event where processed_at is null and attempts < ?")
					.param(INBOX_MAX_ATTEMPTS));
		Map<VisitStage, Long> stages = new EnumMap<>(VisitStage.class);
		for (VisitStage stage : VisitStage.values()) {
			stages.put(stage, 0L);
		}
		this.jdbc.sql("select stage, count(*) from visit group by stage").query((rs) -> {
			try {
				stages.put(VisitStage.valueOf(rs.getString(1)), rs.getLong(2));
			}
			catch (IllegalArgumentException ex) {
				// a stage this version does not know: not counted
			}
		});
		String behind = """
				from visit v left join bitrix24_sync_state s on s.visit_id = v.id
				where s.visit_id is null or s.item_version < v.version""";
		long syncBehind = this.jdbc.sql("select count(*) " + behind).query(Long.class).single();
		double syncLag = age(now, this.jdbc.sql("select min(v.stage_changed_at) " + behind));
		return new Figures(Map.copyOf(waiting), Map.copyOf(locked), Map.copyOf(incidents), jobsDue, jobsFailed,
				inboxDepth, inboxAge, Map.copyOf(stages), syncBehind, syncLag);
	}

	private static double age(Instant now, JdbcClient.StatementSpec oldest) {
		OffsetDateTime value = oldest.query((rs, row) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
			.single()
			.orElse(null);
		return (value == null) ? 0 : Math.max(0, Duration.between(value.toInstant(), now).toMillis() / 1000d);
	}

	/**
	 * @param externalTasksWaiting per topic, fetchable now (unlocked, retries left,
	 * active)
	 * @param externalTasksLocked per topic, held by a worker
	 * @param incidents open incidents per type ({@code failedJob},
	 * {@code failedExternalTask})
	 * @param jobsDue jobs the job executors could run now
	 * @param jobsFailed jobs out of retries (each has an incident)
	 * @param inboxDepth Bitrix24 events received and not yet handled
	 * @param inboxAgeSeconds how long the oldest of them has waited
	 * @param visitsByStage visits per stage
	 * @param syncBehind visits whose latest change Bitrix24 has not got yet
	 * @param syncLagSeconds age of the oldest such change
	 */
	public record Figures(Map<String, Long> externalTasksWaiting, Map<String, Long> externalTasksLocked,
			Map<String, Long> incidents, long jobsDue, long jobsFailed, long inboxDepth, double inboxAgeSeconds,
			Map<VisitStage, Long> visitsByStage, long syncBehind, double syncLagSeconds) {

		static final Figures EMPTY = new Figures(Map.of(), Map.of(), Map.of(), 0, 0, 0, 0, Map.of(), 0, 0);

	}

}
