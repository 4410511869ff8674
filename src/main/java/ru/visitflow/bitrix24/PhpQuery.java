package ru.visitflow.bitrix24;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parameters in PHP bracket notation, as a {@code batch} command string carries them
 * ({@code fields[stageId]=DT1036_11%3APREPARATION&fields[contactIds][0]=4}): Bitrix24 reads them with PHP's
 * {@code parse_str}, so nested maps become {@code a[b][c]=v} and lists {@code a[0]=v}.
 * <p>
 * Values follow PHP's {@code http_build_query}, which the official CREST client uses for batches: {@code true}
 * is {@code 1} and {@code false} is {@code 0} (the text "false" would be truthy in PHP). Unlike it, a null, an
 * empty list or an empty map is kept as an empty value ({@code a=}) instead of being dropped, since a query
 * cannot hold an empty array and Bitrix24 reads an empty value as "clear". Keys and values are
 * percent-encoded (space as {@code %20}); the brackets stay readable.
 */
final class PhpQuery {

	private PhpQuery() {
	}

	/** The query for the given parameters, without a leading {@code ?}; empty for no parameters. */
	static String encode(Map<String, ?> params) {
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
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
			.replace("%7E", "~");
	}

}
