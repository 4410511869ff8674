package ru.visitflow.bitrix24.client;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to a {@code batch}: results and errors by command id. Bitrix24 sends an
 * empty map as {@code []} and a full one as an object; both arrive here as maps.
 */
public record BatchResponse(Map<String, JsonNode> results, Map<String, Bitrix24Error> errors,
		Map<String, Integer> totals, Map<String, Integer> nexts) {

	public Optional<JsonNode> result(String commandId) {
		return Optional.ofNullable(this.results.get(commandId));
	}

	public Optional<Bitrix24Error> error(String commandId) {
		return Optional.ofNullable(this.errors.get(commandId));
	}

}
