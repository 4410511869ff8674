package ru.visitflow.bitrix24.inbound;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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

	Bitrix24Inbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
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

	/** Events due now and not being handled by another node. */
	List<Entry> pending(int limit) {
		var now = Instant.now().atOffset(ZoneOffset.UTC);
		return this.jdbc.sql("""
				select * from bitrix24_event
				where processed_at is null and attempts < ? and (next_attempt_at is null or next_attempt_at <= ?)
				  and (claimed_until is null or claimed_until < ?)
				order by id limit ?
				""")
			.params(MAX_ATTEMPTS, now, now, limit)
			.query((rs, row) -> new Entry(rs.getLong("id"), rs.getString("event"),
					(Integer) rs.getObject("entity_type_id", Integer.class), rs.getLong("entity_id"),
					rs.getString("payload"), rs.getInt("attempts"),
					rs.getObject("received_at", OffsetDateTime.class).toInstant()))
			.list();
	}

	long pendingCount() {
		return this.jdbc.sql("select count(*) from bitrix24_event where processed_at is null and attempts < ?")
			.param(MAX_ATTEMPTS)
			.query(Long.class)
			.single();
	}

	/**
	 * Takes an event for this node for a while; false when another node took it first.
	 */
	boolean claim(long id) {
		var now = Instant.now().atOffset(ZoneOffset.UTC);
		return this.jdbc.sql("""
				update bitrix24_event set claimed_until = ?
				where id = ? and processed_at is null and (claimed_until is null or claimed_until < ?)
				""").params(now.plusMinutes(2), id, now).update() == 1;
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
