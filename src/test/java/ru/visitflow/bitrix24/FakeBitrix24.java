package ru.visitflow.bitrix24;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.visitflow.bitrix24.client.BatchCommand;
import ru.visitflow.bitrix24.client.BatchResponse;
import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.client.Bitrix24ApiException;
import ru.visitflow.bitrix24.client.Bitrix24Error;
import ru.visitflow.bitrix24.client.Bitrix24Response;

/**
 * A scripted Bitrix24 for unit tests: answers what the tests tell it to (a few methods
 * have sensible defaults: the Visit smart process's pipeline 11 with Visitflow's default
 * stages, new ids for {@code *.add}, no items for a lookup), records every call and batch
 * command, fails chosen methods with a Bitrix24 error, and can hold a method until the
 * test lets it go, as a slow or rate-limited portal would.
 */
public class FakeBitrix24 implements Bitrix24 {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** One call or batch command as Visitflow made it. */
	public record Call(String method, Map<String, ?> params) {
	}

	private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, Function<Map<String, ?>, Object>> answers = new ConcurrentHashMap<>();

	private final Map<String, Bitrix24Error> errors = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch[]> holds = new ConcurrentHashMap<>();

	/** Ids unlike any other test's on the shared in-memory database. */
	private final AtomicLong ids = new AtomicLong(1_000_000L + (System.nanoTime() & 0xFFFFFFFL) * 1000);

	public FakeBitrix24() {
		answer("crm.category.list", (params) -> Map.of("categories", List.of(Map.of("id", 11, "isDefault", "Y"))));
		answer("crm.status.list", (params) -> Stream
			.of("NEW", "PREPARATION", "CLIENT", "UC_OVERDUE", "SUCCESS", "FAIL", "UC_CANCELLED")
			.map((code) -> Map.of("STATUS_ID", "DT1036_11:" + code, "NAME", code, "SEMANTICS",
					code.equals("SUCCESS") ? "S" : code.equals("FAIL") || code.equals("UC_CANCELLED") ? "F" : ""))
			.toList());
		answer("crm.item.list", (params) -> Map.of("items", List.of()));
		answer("crm.item.fields",
				(params) -> Map.of("fields",
						Map.of("begindate", Map.of("type", "date"), "closedate", Map.of("type", "date"),
								"ufCrmVisitStart", Map.of("type", "datetime"), "ufCrmVisitType",
								Map.of("type", "string"), "ufCrmVisitDuration", Map.of("type", "integer"))));
		answer("crm.item.add", (params) -> Map.of("item", Map.of("id", this.ids.incrementAndGet())));
		answer("crm.item.update", (params) -> Map.of("item", Map.of("id", params.get("id"))));
		answer("calendar.event.add", (params) -> this.ids.incrementAndGet());
		answer("calendar.event.update", (params) -> params.get("id"));
		answer("calendar.event.delete", (params) -> true);
		answer("crm.timeline.comment.add", (params) -> this.ids.incrementAndGet());
		answer("user.current", (params) -> Map.of("ID", "1"));
	}

	/**
	 * From now on, {@code method} answers with this {@code result} (maps, lists and
	 * scalars as JSON).
	 */
	public FakeBitrix24 answer(String method, Function<Map<String, ?>, Object> result) {
		this.answers.put(method, result);
		this.errors.remove(method);
		return this;
	}

	/**
	 * From now on, {@code method} fails with this Bitrix24 error (a batch command per
	 * command).
	 */
	public FakeBitrix24 fail(String method, String code, String description) {
		this.errors.put(method, new Bitrix24Error(code, description));
		return this;
	}

	/**
	 * The next call of {@code method} (or a batch holding it) waits until
	 * {@link #release(String)}.
	 * @return a latch that opens once the call is waiting
	 */
	public CountDownLatch hold(String method) {
		CountDownLatch entered = new CountDownLatch(1);
		this.holds.put(method, new CountDownLatch[] { entered, new CountDownLatch(1) });
		return entered;
	}

	public void release(String method) {
		CountDownLatch[] hold = this.holds.remove(method);
		if (hold != null) {
			hold[1].countDown();
		}
	}

	public List<Call> calls() {
		synchronized (this.calls) {
			return List.copyOf(this.calls);
		}
	}

	public List<Call> calls(String method) {
		return calls().stream().filter((call) -> call.method().equals(method)).toList();
	}

	public void clearCalls() {
		this.calls.clear();
	}

	@Override
	public Bitrix24Response call(String method, Map<String, ?> params) {
		waitIfHeld(method);
		this.calls.add(new Call(method, params));
		Bitrix24Error error = this.errors.get(method);
		if (error != null) {
			throw new Bitrix24ApiException(400, error.code(), error.description(), method);
		}
		return new Bitrix24Response(result(method, params), null, null, null);
	}

	@Override
	public BatchResponse batch(List<BatchCommand> commands, boolean halt) {
		commands.forEach((command) -> waitIfHeld(command.method()));
		Map<String, JsonNode> results = new LinkedHashMap<>();
		Map<String, Bitrix24Error> failures = new LinkedHashMap<>();
		for (BatchCommand command : commands) {
			this.calls.add(new Call(command.method(), command.params()));
			Bitrix24Error error = this.errors.get(command.method());
			if (error != null) {
				failures.put(command.id(), error);
			}
			else {
				results.put(command.id(), result(command.method(), command.params()));
			}
		}
		return new BatchResponse(results, failures, Map.of(), Map.of());
	}

	@Override
	public Stream<JsonNode> scan(String method, Map<String, ?> params, String resultPath, String idField) {
		this.calls.add(new Call(method, params));
		JsonNode result = result(method, params);
		JsonNode rows = resultPath.isEmpty() ? result : result.path(resultPath);
		List<JsonNode> list = new ArrayList<>();
		rows.forEach(list::add);
		return list.stream();
	}

	private JsonNode result(String method, Map<String, ?> params) {
		Function<Map<String, ?>, Object> answer = this.answers.get(method);
		if (answer == null) {
			throw new IllegalStateException("FakeBitrix24 has no answer for " + method);
		}
		return JSON.valueToTree(answer.apply(params));
	}

	private void waitIfHeld(String method) {
		CountDownLatch[] hold = this.holds.get(method);
		if (hold == null) {
			return;
		}
		hold[0].countDown();
		try {
			if (!hold[1].await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("a held call of " + method + " was never released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
