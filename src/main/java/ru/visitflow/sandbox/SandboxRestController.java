package ru.visitflow.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.bitrix24.wire.PhpQuery;

/**
 * Bitrix24's REST endpoint for the inbound webhook,
 * {@code /bitrix24-sandbox/rest/{userId}/{code}/{method}[.json]}: parameters from a JSON
 * body, a form body or the query string (PHP bracket notation), the same order of checks
 * as the portal (injected failures, rate limit, unknown method 404, wrong webhook 401,
 * operating limit 429), and the success and error envelopes of the docs. {@code batch}
 * runs its commands in order, one request against the rate limit.
 */
@RestController
@ConditionalOnBitrix24Sandbox
class SandboxRestController {

	private static final Logger logger = LoggerFactory.getLogger(SandboxRestController.class);

	private static final Pattern REFERENCE = Pattern
		.compile("\\$(result|error|time|total|next)\\[([^\\]]+)\\]((?:\\[[^\\]]*\\])*)");

	private static final int BATCH_LIMIT = 50;

	private final SandboxMethods methods;

	private final SandboxGate gate;

	private final ObjectMapper json = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

	private final Clock clock = Clock.systemUTC();

	SandboxRestController(SandboxMethods methods, SandboxGate gate) {
		this.methods = methods;
		this.gate = gate;
	}

	@RequestMapping(path = Bitrix24Sandbox.REST_PATH + "/{userId}/{code}/{method:.+}",
			method = { RequestMethod.GET, RequestMethod.POST })
	ResponseEntity<byte[]> call(@PathVariable String userId, @PathVariable String code, @PathVariable String method,
			HttpServletRequest request) {
		Instant start = this.clock.instant();
		String name = methodName(method);
		this.gate.countRequest();
		this.gate.countMethod(name);
		try {
			RestError refused = this.gate.admit(userId + "/" + code).orElse(null);
			if (refused != null) {
				return error(refused);
			}
			if (!name.equals("batch") && !this.methods.exists(name)) {
				throw new RestError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
			}
			if (!String.valueOf(SandboxPortal.WEBHOOK_USER).equals(userId)
					|| !Bitrix24Sandbox.WEBHOOK_CODE.equals(code)) {
				throw new RestError(401, "NO_AUTH_FOUND", "Wrong authorization data");
			}
			Map<String, Object> params = params(request);
			if (name.equals("batch")) {
				return batch(params, start);
			}
			if (this.gate.operationBlocked(name)) {
				throw SandboxGate.operationTimeLimit();
			}
			Instant processStart = this.clock.instant();
			SandboxMethods.Result result = this.methods.call(name, params, SandboxPortal.WEBHOOK_USER);
			Instant finish = this.clock.instant();
			double processing = seconds(processStart, finish);
			this.gate.recordOperating(name, processing);
			Map<String, Object> envelope = new LinkedHashMap<>();
			envelope.put("result", result.result());
			if (result.next() != null) {
				envelope.put("next", result.next());
			}
			if (result.total() != null) {
				envelope.put("total", result.total());
			}
			envelope.put("time", this.gate.time(name, start, finish, processing));
			return json(200, envelope);
		}
		catch (RestError ex) {
			return error(ex);
		}
		catch (RuntimeException ex) {
			logger.error("Bitrix24 sandbox: {} failed", name, ex);
			return error(new RestError(500, "INTERNAL_SERVER_ERROR", "Internal server error"));
		}
	}

	/**
	 * Methods are matched in lower case; {@code .json} is the default transport and may
	 * be left out.
	 */
	private static String methodName(String method) {
		String name = method.toLowerCase(Locale.ROOT);
		return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
	}

	/** Query and form parameters in bracket notation, then a JSON body on top. */
	private Map<String, Object> params(HttpServletRequest request) {
		Map<String, Object> params = new LinkedHashMap<>(PhpQuery.parse(request.getParameterMap()));
		String contentType = request.getContentType();
		if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
			try {
				byte[] body = request.getInputStream().readAllBytes();
				if (body.length > 0) {
					Object parsed = this.json.readValue(body, Object.class);
					params.putAll(ListQuery.asMap(parsed));
				}
			}
			catch (IOException ex) {
				// an unreadable body carries no parameters
				logger.debug("Bitrix24 sandbox: unreadable JSON body ignored", ex);
			}
		}
		return params;
	}

	private ResponseEntity<byte[]> batch(Map<String, Object> params, Instant start) {
		Map<String, Object> commands = ListQuery.asMap(params.get("cmd"));
		boolean halt = ListQuery.yes(String.valueOf(params.getOrDefault("halt", "0")));
		if (commands.size() > BATCH_LIMIT) {
			throw new RestError(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded");
		}
		List<String[]> calls = new ArrayList<>();
		for (Map.Entry<String, Object> command : commands.entrySet()) {
			String text = String.valueOf(command.getValue());
			int question = text.indexOf('?');
			String method = methodName((question >= 0) ? text.substring(0, question) : text);
			if (method.equals("batch")) {
				throw new RestError(405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage");
			}
			calls.add(new String[] { command.getKey(), method, (question >= 0) ? text.substring(question + 1) : "" });
		}
		Map<String, Object> results = new LinkedHashMap<>();
		Map<String, Object> errors = new LinkedHashMap<>();
		Map<String, Object> totals = new LinkedHashMap<>();
		Map<String, Object> nexts = new LinkedHashMap<>();
		Map<String, Object> times = new LinkedHashMap<>();
		Instant processStart = this.clock.instant();
		for (String[] call : calls) {
			String id = call[0];
			String method = call[1];
			this.gate.countMethod(method);
			Instant commandStart = this.clock.instant();
			try {
				if (this.gate.operationBlocked(method)) {
					throw SandboxGate.operationTimeLimit();
				}
				if (!this.methods.exists(method)) {
					throw new RestError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
				}
				Map<String, Object> commandParams = resolve(PhpQuery.parse(call[2]), results, errors, totals, nexts,
						times);
				SandboxMethods.Result result = this.methods.call(method, commandParams, SandboxPortal.WEBHOOK_USER);
				Instant finish = this.clock.instant();
				double processing = seconds(commandStart, finish);
				this.gate.recordOperating(method, processing);
				results.put(id, result.result());
				if (result.total() != null) {
					totals.put(id, result.total());
				}
				if (result.next() != null) {
					nexts.put(id, result.next());
				}
				times.put(id, this.gate.time(method, commandStart, finish, processing));
			}
			catch (RestError ex) {
				errors.put(id, errorBody(ex));
				if (halt) {
					break;
				}
			}
			catch (RuntimeException ex) {
				logger.error("Bitrix24 sandbox: {} in a batch failed", method, ex);
				errors.put(id, errorBody(new RestError(500, "INTERNAL_SERVER_ERROR", "Internal server error")));
				if (halt) {
					break;
				}
			}
		}
		Instant finish = this.clock.instant();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("result", php(results));
		result.put("result_error", php(errors));
		result.put("result_total", php(totals));
		result.put("result_next", php(nexts));
		result.put("result_time", php(times));
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("result", result);
		envelope.put("time", this.gate.time("batch", start, finish, seconds(processStart, finish)));
		return json(200, envelope);
	}

	/**
	 * How PHP's json_encode shows an array: empty as {@code []}, keys 0…n-1 in order as a
	 * list, anything else as an object.
	 */
	private static Object php(Map<String, Object> map) {
		if (map.isEmpty()) {
			return List.of();
		}
		if (PhpQuery.isSequential(map)) {
			return new ArrayList<>(map.values());
		}
		return map;
	}

	/**
	 * Replaces {@code $result[cmd][field]…} (and $error, $time, $total, $next) with
	 * earlier commands' values.
	 */
	private static Map<String, Object> resolve(Map<String, Object> params, Map<String, Object> results,
			Map<String, Object> errors, Map<String, Object> totals, Map<String, Object> nexts,
			Map<String, Object> times) {
		Map<String, Object> sources = Map.of("result", results, "error", errors, "total", totals, "next", nexts, "time",
				times);
		Map<String, Object> resolved = new LinkedHashMap<>();
		params.forEach((key, value) -> resolved.put(key, resolveValue(value, sources)));
		return resolved;
	}

	private static Object resolveValue(Object value, Map<String, Object> sources) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> resolved = new LinkedHashMap<>();
			map.forEach((key, sub) -> resolved.put(String.valueOf(key), resolveValue(sub, sources)));
			return resolved;
		}
		if (value instanceof List<?> list) {
			List<Object> resolved = new ArrayList<>();
			list.forEach((element) -> resolved.add(resolveValue(element, sources)));
			return resolved;
		}
		if (!(value instanceof String text) || !text.contains("$")) {
			return value;
		}
		Matcher whole = REFERENCE.matcher(text);
		if (whole.matches()) {
			return lookup(whole, sources);
		}
		Matcher matcher = REFERENCE.matcher(text);
		StringBuilder replaced = new StringBuilder();
		while (matcher.find()) {
			Object found = lookup(matcher, sources);
			matcher.appendReplacement(replaced, Matcher.quoteReplacement((found != null) ? String.valueOf(found) : ""));
		}
		matcher.appendTail(replaced);
		return replaced.toString();
	}

	private static Object lookup(Matcher reference, Map<String, Object> sources) {
		Object current = ListQuery.asMap(sources.get(reference.group(1))).get(reference.group(2));
		Matcher step = Pattern.compile("\\[([^\\]]*)\\]").matcher(reference.group(3));
		while (step.find() && current != null) {
			current = ListQuery.asMap(current).get(step.group(1));
		}
		return current;
	}

	private static double seconds(Instant from, Instant to) {
		return Duration.between(from, to).toNanos() / 1e9;
	}

	private static Map<String, Object> errorBody(RestError error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error.code());
		body.put("error_description", error.description());
		return body;
	}

	private ResponseEntity<byte[]> error(RestError error) {
		return json(error.status(), errorBody(error));
	}

	private ResponseEntity<byte[]> json(int status, Object body) {
		try {
			return ResponseEntity.status(status)
				.contentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8))
				.body(this.json.writeValueAsBytes(body));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write a sandbox answer", ex);
		}
	}

}
