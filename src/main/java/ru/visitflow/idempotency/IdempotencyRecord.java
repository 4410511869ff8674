package ru.visitflow.idempotency;

import java.time.Instant;

/**
 * One key's request fingerprint and, once answered, the answer. {@code status} 0 means
 * still in progress.
 */
record IdempotencyRecord(String userId, String key, String fingerprint, int status, String contentType, byte[] body,
		Instant createdAt) {

	boolean answered() {
		return this.status > 0;
	}

}
