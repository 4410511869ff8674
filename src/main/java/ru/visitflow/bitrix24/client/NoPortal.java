package ru.visitflow.bitrix24.client;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bitrix24 when no portal is configured: every call fails at once with
 * {@link Bitrix24NotConfiguredException}, without a request, so nothing ever waits for a
 * portal that does not exist.
 */
public final class NoPortal implements Bitrix24 {

	@Override
	public Bitrix24Response call(String method, Map<String, ?> params) {
		throw new Bitrix24NotConfiguredException(method);
	}

	@Override
	public BatchResponse batch(List<BatchCommand> commands, boolean halt) {
		throw new Bitrix24NotConfiguredException("batch");
	}

	@Override
	public Stream<JsonNode> scan(String method, Map<String, ?> params, String resultPath, String idField) {
		throw new Bitrix24NotConfiguredException(method);
	}

}
