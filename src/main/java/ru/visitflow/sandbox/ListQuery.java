package ru.visitflow.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Bitrix24's list methods share: {@code filter} with key-prefix operators
 * ({@code =}, {@code !}/{@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=},
 * {@code @}/{@code !@} (in), {@code %}/{@code !%} (contains), {@code =%}/{@code %=}
 * (LIKE)), nested {@code logic: OR} groups, {@code order}, and pages of 50 with
 * {@code start}, {@code next} and {@code total} ({@code start=-1}: no count, total 0, no
 * next).
 */
final class ListQuery {

	static final int PAGE_SIZE = 50;

	private static final Pattern KEY = Pattern.compile("^(!@|!=%|!%=|=%|%=|!%|>=|<=|!=|!|=|>|<|@|%)?(.*)$");

	private ListQuery() {
	}

	/**
	 * How a list method knows its fields: canonical name and Bitrix24 type, or empty when
	 * unknown.
	 */
	interface Fields extends Function<String, Optional<Field>> {

	}

	/**
	 * @param type integer, double, user, crm_* (ids), date, datetime, boolean, multifield
	 * (a list of {@code {VALUE: …}}), list (a list of scalars) or anything else for
	 * strings
	 */
	record Field(String name, String type) {
	}

	/**
	 * @param strict unknown fields are an error (crm.item.*: 400 INVALID_ARG_VALUE)
	 * rather than ignored (legacy methods)
	 */
	static Predicate<Map<String, Object>> filter(Object filter, Fields fields, boolean strict) {
		Map<String, Object> conditions = asMap(filter);
		if (conditions.isEmpty()) {
			return (row) -> true;
		}
		return group(conditions, fields, strict);
	}

	private static Predicate<Map<String, Object>> group(Map<String, Object> conditions, Fields fields, boolean strict) {
		boolean or = "OR".equalsIgnoreCase(
				String.valueOf(conditions.getOrDefault("logic", conditions.getOrDefault("LOGIC", "AND"))));
		List<Predicate<Map<String, Object>>> parts = new ArrayList<>();
		conditions.forEach((key, value) -> {
			if (key.equalsIgnoreCase("logic")) {
				return;
			}
			if (key.matches("\\d+") && (value instanceof Map || value instanceof List)) {
				parts.add(group(asMap(value), fields, strict));
				return;
			}
			Matcher matcher = KEY.matcher(key);
			matcher.matches();
			String operator = (matcher.group(1) != null) ? matcher.group(1) : "=";
			Optional<Field> field = fields.apply(matcher.group(2));
			if (field.isEmpty()) {
				if (strict) {
					throw RestError.badRequest("INVALID_ARG_VALUE",
							"Invalid filter: field '" + matcher.group(2) + "' is not allowed in filter");
				}
				return;
			}
			parts.add(condition(field.get(), operator, value));
		});
		if (parts.isEmpty()) {
			return (row) -> true;
		}
		return (row) -> or ? parts.stream().anyMatch((part) -> part.test(row))
				: parts.stream().allMatch((part) -> part.test(row));
	}

	private static Predicate<Map<String, Object>> condition(Field field, String operator, Object expected) {
		return (row) -> {
			Object actual = row.get(field.name());
			List<Object> actualValues = values(actual, field.type());
			switch (operator) {
				case "=":
					return (expected instanceof Collection || expected instanceof Map)
							? anyIn(actualValues, expected, field) : anyEqual(actualValues, expected, field);
				case "!", "!=":
					return (expected instanceof Collection || expected instanceof Map)
							? !anyIn(actualValues, expected, field) : !anyEqual(actualValues, expected, field);
				case "@":
					return anyIn(actualValues, expected, field);
				case "!@":
					return !anyIn(actualValues, expected, field);
				case "%":
					return actualValues.stream().anyMatch((value) -> contains(value, expected));
				case "!%":
					return actualValues.stream().noneMatch((value) -> contains(value, expected));
				case "=%", "%=":
					return actualValues.stream().anyMatch((value) -> like(value, expected));
				case "!=%", "!%=":
					return actualValues.stream().noneMatch((value) -> like(value, expected));
				default:
					// like SQL: an empty value is neither greater nor less than anything
					return actualValues.stream().filter((value) -> !isEmpty(value)).anyMatch((value) -> {
						int comparison = compare(value, expected, field.type());
						return switch (operator) {
							case ">" -> comparison > 0;
							case ">=" -> comparison >= 0;
							case "<" -> comparison < 0;
							default -> comparison <= 0;
						};
					});
			}
		};
	}

	/**
	 * The values a row holds for a field: one, several (multi-fields, id lists) or none.
	 */
	private static List<Object> values(Object actual, String type) {
		List<Object> values = new ArrayList<>();
		if (actual instanceof Collection<?> collection) {
			for (Object element : collection) {
				values
					.add(("multifield".equals(type) && element instanceof Map<?, ?> map) ? map.get("VALUE") : element);
			}
		}
		else {
			values.add(actual);
		}
		return values;
	}

	private static boolean anyEqual(List<Object> actualValues, Object expected, Field field) {
		if (actualValues.isEmpty()) {
			return isEmpty(expected);
		}
		return actualValues.stream().anyMatch((value) -> equal(value, expected, field.type()));
	}

	private static boolean anyIn(List<Object> actualValues, Object expected, Field field) {
		Collection<?> options = (expected instanceof Map<?, ?> map) ? map.values()
				: (expected instanceof Collection<?> collection) ? collection : List.of(expected);
		return options.stream().anyMatch((option) -> anyEqual(actualValues, option, field));
	}

	private static boolean equal(Object actual, Object expected, String type) {
		if (isEmpty(actual) || isEmpty(expected)) {
			return isEmpty(actual) && isEmpty(expected);
		}
		return compare(actual, expected, type) == 0;
	}

	private static boolean isEmpty(Object value) {
		return value == null || "".equals(value) || Boolean.FALSE.equals(value);
	}

	private static boolean contains(Object actual, Object expected) {
		if (actual == null || expected == null) {
			return false;
		}
		return String.valueOf(actual)
			.toLowerCase(Locale.ROOT)
			.contains(String.valueOf(expected).toLowerCase(Locale.ROOT));
	}

	private static boolean like(Object actual, Object expected) {
		if (actual == null || expected == null) {
			return false;
		}
		StringBuilder regex = new StringBuilder("(?is)");
		for (String part : String.valueOf(expected).split("%", -1)) {
			if (regex.length() > 5) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return String.valueOf(actual).matches(regex.toString());
	}

	/** Orders two values of a field by its type; null and empty come first. */
	static int compare(Object a, Object b, String type) {
		if (isEmpty(a) || isEmpty(b)) {
			return Boolean.compare(!isEmpty(a), !isEmpty(b));
		}
		switch (kind(type)) {
			case NUMBER: {
				BigDecimal x = number(a);
				BigDecimal y = number(b);
				if (x != null && y != null) {
					return x.compareTo(y);
				}
				break;
			}
			case TIME: {
				Instant x = SandboxTime.parse(a);
				Instant y = SandboxTime.parse(b);
				if (x != null && y != null) {
					return x.compareTo(y);
				}
				break;
			}
			case BOOLEAN:
				return Boolean.compare(yes(a), yes(b));
			default:
				break;
		}
		return String.valueOf(a).compareToIgnoreCase(String.valueOf(b));
	}

	private enum Kind {

		NUMBER, TIME, BOOLEAN, TEXT

	}

	private static Kind kind(String type) {
		return switch (type) {
			case "integer", "double", "user", "crm_category", "crm_company", "crm_contact", "list" -> Kind.NUMBER;
			case "date", "datetime" -> Kind.TIME;
			case "boolean" -> Kind.BOOLEAN;
			default -> Kind.TEXT;
		};
	}

	static boolean yes(Object value) {
		String text = String.valueOf(value).trim();
		return text.equalsIgnoreCase("Y") || text.equalsIgnoreCase("true") || text.equals("1");
	}

	static BigDecimal number(Object value) {
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		try {
			return new BigDecimal(String.valueOf(value).trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * {@code {"field": "ASC|DESC", …}}; rows keep their given order (by id) among equals.
	 */
	static Comparator<Map<String, Object>> order(Object order, Fields fields, boolean strict) {
		Comparator<Map<String, Object>> comparator = (a, b) -> 0;
		for (Map.Entry<String, Object> entry : asMap(order).entrySet()) {
			Optional<Field> field = fields.apply(entry.getKey());
			if (field.isEmpty()) {
				if (strict) {
					throw RestError.badRequest("INVALID_ARG_VALUE",
							"Invalid order: field '" + entry.getKey() + "' is not allowed in order");
				}
				continue;
			}
			boolean descending = "DESC".equalsIgnoreCase(String.valueOf(entry.getValue()));
			Comparator<Map<String, Object>> byField = (a, b) -> compare(first(a.get(field.get().name())),
					first(b.get(field.get().name())), field.get().type());
			comparator = comparator.thenComparing(descending ? byField.reversed() : byField);
		}
		return comparator;
	}

	private static Object first(Object value) {
		if (value instanceof List<?> list) {
			return list.isEmpty() ? null : first(list.get(0));
		}
		if (value instanceof Map<?, ?> map) {
			return map.get("VALUE");
		}
		return value;
	}

	/**
	 * One page. ORM-based methods (crm.item.list and the like) start exactly at
	 * {@code start}; legacy methods (CDBResult paging) round it down to a page boundary.
	 */
	static <T> Page<T> page(List<T> rows, Object startParam, boolean exactOffset) {
		long start = parseStart(startParam);
		if (start < 0) {
			return new Page<>(rows.subList(0, Math.min(PAGE_SIZE, rows.size())), 0, null);
		}
		int offset = (int) Math.min(exactOffset ? start : (start / PAGE_SIZE) * PAGE_SIZE, rows.size());
		List<T> page = rows.subList(offset, Math.min(offset + PAGE_SIZE, rows.size()));
		Integer next = (offset + page.size() < rows.size()) ? offset + page.size() : null;
		return new Page<>(page, rows.size(), next);
	}

	private static long parseStart(Object start) {
		if (start == null) {
			return 0;
		}
		BigDecimal number = number(start);
		return (number != null) ? number.longValue() : 0;
	}

	/**
	 * A list method's rows with {@code total} (null: not a list answer) and {@code next}
	 * (null: last page).
	 */
	record Page<T>(List<T> rows, Integer total, Integer next) {
	}

	/** PHP arrays arrive as maps or lists; a list reads as a map keyed "0", "1", …. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, sub) -> copy.put(String.valueOf(key), sub));
			return copy;
		}
		if (value instanceof List<?> list) {
			Map<String, Object> copy = new LinkedHashMap<>();
			for (int i = 0; i < list.size(); i++) {
				copy.put(String.valueOf(i), list.get(i));
			}
			return copy;
		}
		return (Map<String, Object>) Map.<String, Object>of();
	}

	/**
	 * A list parameter (select, ids): a list, a map's values, a comma-free scalar, or
	 * empty.
	 */
	static List<String> asStrings(Object value) {
		List<String> strings = new ArrayList<>();
		if (value instanceof Map<?, ?> map) {
			map.values().forEach((element) -> strings.add(String.valueOf(element)));
		}
		else if (value instanceof Collection<?> collection) {
			collection.stream().filter(Objects::nonNull).forEach((element) -> strings.add(String.valueOf(element)));
		}
		else if (value != null && !String.valueOf(value).isEmpty()) {
			strings.add(String.valueOf(value));
		}
		return strings;
	}

}
