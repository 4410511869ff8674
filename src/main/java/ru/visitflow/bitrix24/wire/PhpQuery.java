package ru.visitflow.bitrix24.wire;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * PHP's bracket notation ({@code fields[PHONE][0][VALUE]=…}) both ways, the one codec for
 * Bitrix24's wire format: Bitrix24 reads query strings, form bodies and {@code batch}
 * command strings with PHP's {@code parse_str} and writes event bodies with
 * {@code http_build_query}.
 * <p>
 * Writing follows {@code http_build_query}: nested maps become {@code a[b][c]=v}, lists
 * {@code a[0]=v}, {@code true} is {@code 1} and {@code false} is {@code 0} (the text
 * "false" would be truthy in PHP). Unlike it, a null, an empty list or an empty map is
 * kept as an empty value ({@code a=}) instead of being dropped, since a query cannot hold
 * an empty array and Bitrix24 reads an empty value as "clear". Keys and values are
 * percent-encoded (space as {@code %20}); the brackets of keys stay readable, which
 * {@code parse_str} reads the same as {@code %5B}/{@code %5D}.
 * <p>
 * Reading follows {@code parse_str}: {@code +} and percent escapes are decoded,
 * {@code a[]} appends, a later value of the same name replaces an earlier one, leading
 * spaces of a name are dropped, spaces and dots in the top-level name become underscores
 * ({@code "first name"} → {@code first_name}), a {@code [} that is never closed becomes
 * an underscore too, and anything after the last closing bracket is ignored. Arrays whose
 * keys are exactly 0…n-1 in order come back as lists, as PHP's {@code json_encode} would
 * show them.
 */
public final class PhpQuery {

	private PhpQuery() {
	}

	// --- writing
	// -------------------------------------------------------------------------------------------

	/**
	 * The query for the given parameters, without a leading {@code ?}; empty for no
	 * parameters.
	 */
	public static String encode(Map<String, ?> params) {
		if (params == null || params.isEmpty()) {
			return "";
		}
		StringBuilder query = new StringBuilder();
		for (Map.Entry<String, ?> entry : params.entrySet()) {
			append(query, encode(entry.getKey()), entry.getValue());
		}
		return query.toString();
	}

	private static void append(StringBuilder query, String key, Object value) {
		if (value instanceof Map<?, ?> map && !map.isEmpty()) {
			map.forEach((name, nested) -> append(query, key + "[" + encode(String.valueOf(name)) + "]", nested));
		}
		else if (value instanceof Collection<?> list && !list.isEmpty()) {
			int index = 0;
			for (Object nested : list) {
				append(query, key + "[" + index++ + "]", nested);
			}
		}
		else if (value instanceof Object[] array && array.length > 0) {
			append(query, key, List.of(array));
		}
		else if (value instanceof JsonNode node && node.isContainerNode() && !node.isEmpty()) {
			appendJson(query, key, node);
		}
		else {
			if (!query.isEmpty()) {
				query.append('&');
			}
			query.append(key).append('=').append(encode(scalar(value)));
		}
	}

	private static void appendJson(StringBuilder query, String key, JsonNode node) {
		if (node.isObject()) {
			Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				append(query, key + "[" + encode(field.getKey()) + "]", field.getValue());
			}
		}
		else {
			for (int index = 0; index < node.size(); index++) {
				append(query, key + "[" + index + "]", node.get(index));
			}
		}
	}

	private static String scalar(Object value) {
		if (value == null || value instanceof Map || value instanceof Collection || value instanceof Object[]) {
			return "";
		}
		if (value instanceof Boolean flag) {
			return flag ? "1" : "0";
		}
		if (value instanceof Double || value instanceof Float) {
			return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		if (value instanceof JsonNode node) {
			if (node.isNull() || node.isMissingNode() || node.isContainerNode()) {
				return "";
			}
			if (node.isBoolean()) {
				return node.booleanValue() ? "1" : "0";
			}
			if (node.isNumber()) {
				return scalar(node.numberValue());
			}
			return node.asText();
		}
		return value.toString();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8)
			.replace("+", "%20")
			.replace("*", "%2A")
			.replace("%7E", "~");
	}

	// --- reading
	// -------------------------------------------------------------------------------------------

	/** Parses a raw, still URL-encoded query string or form body. */
	public static Map<String, Object> parse(String query) {
		Map<String, Object> root = new LinkedHashMap<>();
		if (query == null || query.isEmpty()) {
			return root;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq >= 0) ? pair.substring(0, eq) : pair);
			String value = (eq >= 0) ? decode(pair.substring(eq + 1)) : "";
			put(root, name, value);
		}
		return normalizeRoot(root);
	}

	/** Parses already decoded name/value pairs (a servlet's parameter map). */
	public static Map<String, Object> parse(Map<String, String[]> parameters) {
		Map<String, Object> root = new LinkedHashMap<>();
		parameters.forEach((name, values) -> {
			for (String value : values) {
				put(root, name, value);
			}
		});
		return normalizeRoot(root);
	}

	/** Keys exactly "0", "1", … in order: a PHP list. */
	public static boolean isSequential(Map<String, ?> map) {
		if (map.isEmpty()) {
			return false;
		}
		int expected = 0;
		for (String key : map.keySet()) {
			if (!key.equals(String.valueOf(expected))) {
				return false;
			}
			expected++;
		}
		return true;
	}

	private static Map<String, Object> normalizeRoot(Map<String, Object> root) {
		Map<String, Object> normalized = new LinkedHashMap<>();
		root.forEach((key, value) -> normalized.put(key, normalize(value)));
		return normalized;
	}

	@SuppressWarnings("unchecked")
	private static void put(Map<String, Object> root, String rawName, String value) {
		String name = rawName.stripLeading();
		int open = name.indexOf('[');
		if (open <= 0 || name.indexOf(']', open) < 0) {
			// no closed bracket: the whole name is the variable's, mangled as PHP does
			if (!name.isEmpty()) {
				root.put(mangle(name), value);
			}
			return;
		}
		List<String> path = new ArrayList<>();
		path.add(mangle(name.substring(0, open)));
		int position = open;
		while (position < name.length() && name.charAt(position) == '[') {
			int close = name.indexOf(']', position);
			if (close < 0) {
				break;
			}
			path.add(name.substring(position + 1, close));
			position = close + 1;
		}
		Map<String, Object> current = root;
		for (int i = 0; i < path.size(); i++) {
			String key = path.get(i);
			if (key.isEmpty()) {
				key = String.valueOf(nextIndex(current));
			}
			if (i == path.size() - 1) {
				current.put(key, value);
			}
			else {
				Object next = current.get(key);
				if (!(next instanceof Map)) {
					next = new LinkedHashMap<String, Object>();
					current.put(key, next);
				}
				current = (Map<String, Object>) next;
			}
		}
	}

	/**
	 * The top-level name as PHP registers it: spaces and dots become underscores; a
	 * {@code [} that is never closed becomes one too and the rest of the name is kept as
	 * it is.
	 */
	private static String mangle(String name) {
		StringBuilder mangled = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '[') {
				return mangled.append('_').append(name, i + 1, name.length()).toString();
			}
			mangled.append((c == ' ' || c == '.') ? '_' : c);
		}
		return mangled.toString();
	}

	private static int nextIndex(Map<String, Object> map) {
		int next = 0;
		for (String key : map.keySet()) {
			try {
				next = Math.max(next, Integer.parseInt(key) + 1);
			}
			catch (NumberFormatException ex) {
				// named keys do not count
			}
		}
		return next;
	}

	@SuppressWarnings("unchecked")
	private static <T> T normalize(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> normalized = new LinkedHashMap<>();
			map.forEach((key, sub) -> normalized.put((String) key, normalize(sub)));
			if (isSequential(normalized)) {
				return (T) new ArrayList<>(normalized.values());
			}
			return (T) normalized;
		}
		return (T) value;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
