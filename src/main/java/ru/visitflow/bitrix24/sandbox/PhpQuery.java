package ru.visitflow.bitrix24.sandbox;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PHP's bracket notation ({@code fields[PHONE][0][VALUE]=…}) both ways, as Bitrix24 reads query strings and
 * form bodies ({@code parse_str}) and writes event bodies ({@code http_build_query}). Parsed arrays whose keys
 * are exactly 0…n-1 in order become lists, as PHP's {@code json_encode} would show them.
 */
final class PhpQuery {

	private PhpQuery() {
	}

	/** Parses a raw, still URL-encoded query string. */
	static Map<String, Object> parse(String query) {
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
	static Map<String, Object> parse(Map<String, String[]> parameters) {
		Map<String, Object> root = new LinkedHashMap<>();
		parameters.forEach((name, values) -> {
			for (String value : values) {
				put(root, name, value);
			}
		});
		return normalizeRoot(root);
	}

	private static Map<String, Object> normalizeRoot(Map<String, Object> root) {
		Map<String, Object> normalized = new LinkedHashMap<>();
		root.forEach((key, value) -> normalized.put(key, normalize(value)));
		return normalized;
	}

	/** A form body in bracket notation; nested maps and lists become {@code key[sub]…} pairs. */
	static String build(Map<String, ?> values) {
		List<String> pairs = new ArrayList<>();
		values.forEach((key, value) -> flatten(key, value, pairs));
		return String.join("&", pairs);
	}

	private static void flatten(String key, Object value, List<String> pairs) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((subKey, subValue) -> flatten(key + "[" + subKey + "]", subValue, pairs));
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(key + "[" + i + "]", list.get(i), pairs);
			}
		}
		else {
			pairs.add(encode(key) + "=" + encode((value != null) ? String.valueOf(value) : ""));
		}
	}

	@SuppressWarnings("unchecked")
	private static void put(Map<String, Object> root, String name, String value) {
		int open = name.indexOf('[');
		if (open <= 0 || name.indexOf(']', open) < 0) {
			// no (closed) brackets: PHP keeps the name as it is
			root.put(name, value);
			return;
		}
		List<String> path = new ArrayList<>();
		path.add(name.substring(0, open));
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

	/** Keys exactly "0", "1", … in order: a PHP list. */
	static boolean isSequential(Map<String, ?> map) {
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

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
