package ru.visitflow.bitrix24.inbound;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import ru.visitflow.system.Backoff;

/** Bitrix24 events as they arrived, until they are handled. */
@Repository
class Bitrix24Inbox {

	/**
	 * After this many failed attempts an event is set aside; reconciliation still catches
	 * the change.
	 */
	static final int MAX_ATTEMPTS = 8;

	private static final Backoff BACKOFF = Backoff.doubling(Duration.ofSeconds(2), Duration.ofSeconds(256));

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	Bitrix24Inbox(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
	}

	record Entry(long id, String event, Integer entityTypeId, long entityId, String payload, int attempts,
			Instant receivedAt) {
	}

	void add(String event, Integer entityTypeId, long entityId, String payload) {
		this.jdbc.sql("""
				insert into bitrix24_event (event, entity_type_id, entity_id, payload, received_at, attempts)
				values (?, ?, ?, ?, ?, 0)
				""").params(event, entityTypeId, entityId, payload, Instant.now().atOffset(ZoneOffset.UTC)).update();
	}

	/**
	 * Takes up to {@code limit} events due now for this node until {@code claimFor} has
	 * passed, in one short transaction: rows another node is claiming at the same moment
	 * are skipped ({@code FOR UPDATE SKIP LOCKED}, on PostgreSQL and H2), not waited for,
	 * so nodes never take the same event and never queue behind each other.
	 */
	List<Entry> claimBatch(int limit, Duration claimFor) {
		return this.transaction.execute((status) -> {
			var now = Instant.now().atOffset(ZoneOffset.UTC);
			List<Entry> entries = this.jdbc.sql("""
					select * from bitrix24_event
					where processed_at is null and attempts < ? and (next_attempt_at is null or next_attempt_at <= ?)
					  and (claimed_until is null or claimed_until < ?)
					order by id limit ? for update skip locked
					""").params(MAX_ATTEMPTS, now, now, limit).query((rs, row) -> entry(rs)).list();
			if (!entries.isEmpty()) {
				this.jdbc.sql("update bitrix24_event set claimed_until = :until where id in (:ids)")
					.param("until", now.plus(claimFor))
					.param("ids", entries.stream().map(Entry::id).toList())
					.update();
			}
			return entries;
		});
	}

	private static Entry entry(ResultSet rs) throws SQLException {
		return new Entry(rs.getLong("id"), rs.getString("event"),
				(Integer) rs.getObject("entity_type_id", Integer.class), rs.getLong("entity_id"),
				rs.getString("payload"), rs.getInt("attempts"),
				rs.getObject("received_at", OffsetDateTime.class).toInstant());
	}

	long pendingCount() {
		return this.jdbc.sql("select count(*) from bitrix24_event where processed_at is null and attempts < ?")
			.param(MAX_ATTEMPTS)
			.query(Long.class)
			.single();
	}

	void processed(long id) {
		this.jdbc.sql("update bitrix24_event set processed_at = ?, attempts = attempts + 1 where id = ?")
			.params(Instant.now().atOffset(ZoneOffset.UTC), id)
			.update();
	}

	/**
	 * Tried again after a pause that doubles with each attempt: 2 s, 4 s, … up to about 4
	 * minutes.
	 */
	void failed(long id, int attemptsSoFar, String error) {
		String shortError = (error != null && error.length() > 1900) ? error.substring(0, 1900) : error;
		long pause = BACKOFF.after(attemptsSoFar + 1).toSeconds();
		this.jdbc
			.sql("""
					update bitrix24_event set attempts = attempts + 1, last_error = ?, next_attempt_at = ?, claimed_until = null
					where id = ?
					""")
			.params(shortError, Instant.now().plusSeconds(pause).atOffset(ZoneOffset.UTC), id)
			.update();
	}

	/**
	 * Waits until {@code until} without using up an attempt: the method it needs is
	 * paused by its operating limit, which is not the event's fault.
	 */
	void park(long id, Instant until, String reason) {
		String shortReason = (reason != null && reason.length() > 1900) ? reason.substring(0, 1900) : reason;
		this.jdbc
			.sql("update bitrix24_event set last_error = ?, next_attempt_at = ?, claimed_until = null where id = ?")
			.params(shortReason, until.atOffset(ZoneOffset.UTC), id)
			.update();
	}

	/** Handled by doing nothing, with the reason kept. */
	void ignored(long id, String reason) {
		String shortReason = (reason != null && reason.length() > 1900) ? reason.substring(0, 1900) : reason;
		this.jdbc
			.sql("update bitrix24_event set processed_at = ?, attempts = attempts + 1, last_error = ? where id = ?")
			.params(Instant.now().atOffset(ZoneOffset.UTC), shortReason, id)
			.update();
	}

}
