package ru.visitflow.bitrix24.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bitrix24 REST over an inbound webhook, as Visitflow uses it. Calls block; every HTTP
 * request first takes a permit from the client-side leaky bucket, so Visitflow stays
 * under the portal's limit; failures that may pass (503 QUERY_LIMIT_EXCEEDED, 5xx,
 * timeouts) are retried with backoff; 429 OPERATION_TIME_LIMIT pauses that method alone
 * until {@code operating_reset_at} and is thrown at once; what is left is thrown as a
 * {@link Bitrix24Exception}. Errors are read from the body even on a 2xx. The webhook URL
 * is a secret and appears in no log line and no message.
 */
public interface Bitrix24 {

	/** Calls one method with a JSON body; nested maps and lists are sent as JSON. */
	Bitrix24Response call(String method, Map<String, ?> params);

	/**
	 * Up to 50 commands as one {@code batch} request (one request against the rate
	 * limit). Per-command errors come back in the response, mapped to their command ids,
	 * not thrown; only a failure of the batch request itself throws.
	 */
	BatchResponse batch(List<BatchCommand> commands, boolean halt);

	/**
	 * Every row of a list method, read lazily page by page in id order with
	 * {@code start=-1} and a {@code >id} filter on the last id seen (the fast scan for
	 * bulk reads).
	 * @param resultPath where the rows are in {@code result}: {@code "items"} for
	 * crm.item.list, {@code ""} for methods whose result is the array itself
	 * @param idField {@code "id"} for crm.item.*, {@code "ID"} for crm.company.list and
	 * the like
	 */
	Stream<JsonNode> scan(String method, Map<String, ?> params, String resultPath, String idField);

	/**
	 * Until when the method is blocked by its operating limit (429 OPERATION_TIME_LIMIT),
	 * if it is: its calls fail at once with an {@link OperationTimeLimitException} until
	 * then, while other methods go on.
	 */
	default Optional<Instant> pausedUntil(String method) {
		return Optional.empty();
	}

}
