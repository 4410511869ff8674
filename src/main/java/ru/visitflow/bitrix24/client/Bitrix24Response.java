package ru.visitflow.bitrix24.client;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful answer: {@code result} as the method returns it (object, array, number or
 * boolean), and for list methods {@code total} and {@code next} (null when absent).
 */
public record Bitrix24Response(JsonNode result, Integer total, Integer next, JsonNode time) {

	/**
	 * {@code time.operating_reset_at}, when the method's operating budget frees up again;
	 * null if absent.
	 */
	public Instant operatingResetAt() {
		if (this.time == null || !this.time.hasNonNull("operating_reset_at")) {
			return null;
		}
		return Instant.ofEpochSecond(this.time.get("operating_reset_at").asLong());
	}

}
