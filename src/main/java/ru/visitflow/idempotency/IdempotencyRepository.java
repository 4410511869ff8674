package ru.visitflow.idempotency;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.utc;

import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The keys table. Each statement commits on its own, so a claimed key is visible to a
 * concurrent retry.
 */
@Repository
class IdempotencyRepository {

	private final JdbcClient jdbc;

	IdempotencyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Claims the key for a request; false when the key is already known. */
	boolean claim(String userId, String key, String fingerprint, Instant now) {
		try {
			this.jdbc.sql("""
					insert into idempotency_key (user_id, idem_key, fingerprint, status, created_at)
					values (?, ?, ?, 0, ?)
					""").params(userId, key, fingerprint, utc(now)).update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	Optional<IdempotencyRecord> find(String userId, String key) {
		return this.jdbc.sql("select * from idempotency_key where user_id = ? and idem_key = ?")
			.params(userId, key)
			.query((rs, row) -> new IdempotencyRecord(rs.getString("user_id"), rs.getString("idem_key"),
					rs.getString("fingerprint"), rs.getInt("status"), rs.getString("content_type"),
					rs.getBytes("response_body"), instant(rs, "created_at")))
			.optional();
	}

	void answer(String userId, String key, int status, String contentType, byte[] body) {
		this.jdbc.sql("""
				update idempotency_key set status = ?, content_type = ?, response_body = ?
				where user_id = ? and idem_key = ?
				""").params(status, contentType, body, userId, key).update();
	}

	void release(String userId, String key) {
		this.jdbc.sql("delete from idempotency_key where user_id = ? and idem_key = ?").params(userId, key).update();
	}

	/**
	 * Takes over a key whose request never finished (its node died); true when this
	 * caller got it.
	 */
	boolean takeOver(String userId, String key, Instant claimedBefore, Instant now) {
		return this.jdbc.sql("""
				update idempotency_key set created_at = ? where user_id = ? and idem_key = ? and status = 0
				  and created_at < ?
				""").params(utc(now), userId, key, utc(claimedBefore)).update() == 1;
	}

	int deleteOlderThan(Instant before) {
		return this.jdbc.sql("delete from idempotency_key where created_at < ?").param(utc(before)).update();
	}

}
