package ru.visitflow.sandbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The emulated portal's data and what its REST methods do with it, following Bitrix24's
 * documented behaviour (defaults, validation, error codes and texts, answer shapes). All
 * state sits behind one lock; whatever leaves is a copy. Changes to items and companies
 * queue the outbound events the outgoing webhook is subscribed to.
 */
@Component
@ConditionalOnBitrix24Sandbox
@SuppressWarnings("unchecked")
class SandboxPortal {

	/**
	 * The inbound webhook's owner, the integration's own user (not a person): REST calls
	 * act as this user.
	 */
	static final long WEBHOOK_USER = 10;

	final Object lock = new Object();

	private final SmartProcess process;

	private final SandboxEvents events;

	private final boolean seed;

	private final SandboxProperties.CompanyUserFields companyFields;

	final Clock clock = Clock.systemUTC();

	PortalState state;

	private volatile Runnable changeListener = () -> {
	};

	SandboxPortal(SandboxProperties settings, SandboxEvents events) {
		this.process = new SmartProcess(settings.smartProcess());
		this.events = events;
		this.seed = settings.seed();
		this.companyFields = settings.companyFields();
		this.state = fresh();
	}

	private PortalState fresh() {
		return this.seed ? SandboxSeed.demo(this.companyFields) : SandboxSeed.empty();
	}

	SandboxEvents events() {
		return this.events;
	}

	SmartProcess process() {
		return this.process;
	}

	void onChange(Runnable listener) {
		this.changeListener = listener;
	}

	void changed() {
		this.changeListener.run();
	}

	/** Back to the seed (or an empty portal when seeding is off). */
	void reset() {
		synchronized (this.lock) {
			this.state = fresh();
		}
		changed();
	}

	/** Runs {@code action} on the live state under the lock; for snapshots. */
	<T> T withState(Function<PortalState, T> action) {
		synchronized (this.lock) {
			return action.apply(this.state);
		}
	}

	void restore(PortalState restored) {
		synchronized (this.lock) {
			SandboxSeed.ensureIntegrationUser(restored);
			this.state = restored;
		}
	}

	Instant now() {
		return this.clock.instant();
	}

	// --- users
	// ---------------------------------------------------------------------------------------------

	ListQuery.Page<Map<String, Object>> listUsers(Map<String, Object> params) {
		Map<String, Object> filter = new LinkedHashMap<>();
		params.forEach((key, value) -> {
			switch (key.toUpperCase(Locale.ROOT)) {
				case "FILTER" -> filter.putAll(ListQuery.asMap(value));
				case "SORT", "ORDER", "SELECT", "START", "ADMIN_MODE" -> {
				}
				default -> filter.put(key, value);
			}
		});
		Object search = filter.remove("NAME_SEARCH");
		Object find = filter.remove("FIND");
		ListQuery.Fields fields = (name) -> {
			String upper = name.toUpperCase(Locale.ROOT);
			return switch (upper) {
				case "ID" -> Optional.of(new ListQuery.Field(upper, "integer"));
				case "ACTIVE" -> Optional.of(new ListQuery.Field(upper, "boolean"));
				case "UF_DEPARTMENT" -> Optional.of(new ListQuery.Field(upper, "list"));
				case "NAME", "LAST_NAME", "SECOND_NAME", "EMAIL", "WORK_POSITION", "USER_TYPE", "TIME_ZONE",
						"PERSONAL_GENDER", "XML_ID" ->
					Optional.of(new ListQuery.Field(upper, "string"));
				default -> Optional.empty();
			};
		};
		String sortField = String.valueOf(params.getOrDefault("sort", params.getOrDefault("SORT", "ID")));
		String direction = String.valueOf(params.getOrDefault("order", params.getOrDefault("ORDER", "ASC")));
		synchronized (this.lock) {
			List<Map<String, Object>> rows = this.state.users.stream()
				.filter(ListQuery.filter(filter, fields, false))
				.filter((user) -> matchesName(user, search) && matchesName(user, find))
				.sorted(ListQuery.order(Map.of(sortField, direction), fields, false))
				.map((user) -> (Map<String, Object>) copy(user))
				.collect(Collectors.toCollection(ArrayList::new));
			return ListQuery.page(rows, params.getOrDefault("start", params.get("START")), false);
		}
	}

	private static boolean matchesName(Map<String, Object> user, Object search) {
		if (isBlank(search)) {
			return true;
		}
		String haystack = (user.get("NAME") + " " + user.get("LAST_NAME") + " " + user.get("SECOND_NAME") + " "
				+ user.get("EMAIL"))
			.toLowerCase(Locale.ROOT);
		return haystack.contains(String.valueOf(search).toLowerCase(Locale.ROOT));
	}

	Map<String, Object> user(long id) {
		synchronized (this.lock) {
			return findUser(id).map((user) -> (Map<String, Object>) copy(user))
				.orElseThrow(() -> RestError.noCode("User not found"));
		}
	}

	Optional<Map<String, Object>> findUser(long id) {
		return this.state.users.stream().filter((user) -> String.valueOf(id).equals(user.get("ID"))).findFirst();
	}

	ZoneId zoneOf(long userId) {
		return findUser(userId).map((user) -> (String) user.get("TIME_ZONE"))
			.filter((zone) -> zone != null && !zone.isBlank())
			.map(ZoneId::of)
			.orElse(SandboxTime.PORTAL_ZONE);
	}

	String userName(long userId) {
		return findUser(userId).map((user) -> (user.get("NAME") + " " + user.get("LAST_NAME")).trim()).orElse("");
	}

	List<Map<String, Object>> users() {
		synchronized (this.lock) {
			return this.state.users.stream().map((user) -> (Map<String, Object>) copy(user)).toList();
		}
	}

	/** PHP's {@code empty()}: null, "", "0", 0, false and empty arrays. */
	static boolean phpEmpty(Object value) {
		if (value == null || Boolean.FALSE.equals(value)) {
			return true;
		}
		if (value instanceof Collection<?> collection) {
			return collection.isEmpty();
		}
		if (value instanceof Map<?, ?> map) {
			return map.isEmpty();
		}
		String text = String.valueOf(value);
		return text.isEmpty() || text.equals("0");
	}
	// --- helpers
	// -------------------------------------------------------------------------------------------

	static long asLong(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		BigDecimal number = ListQuery.number(value);
		return (number != null) ? number.longValue() : 0;
	}

	static boolean isBlank(Object value) {
		return value == null || String.valueOf(value).isBlank();
	}

	/** Same value for Bitrix24's purposes: numbers by value, lists element by element. */
	static boolean same(Object a, Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
		}
		if (a instanceof List<?> x && b instanceof List<?> y) {
			if (x.size() != y.size()) {
				return false;
			}
			for (int i = 0; i < x.size(); i++) {
				if (!same(x.get(i), y.get(i))) {
					return false;
				}
			}
			return true;
		}
		return Objects.equals(a, b);
	}

	/** A deep copy of maps and lists; other values are immutable. */
	@SuppressWarnings("unchecked")
	static Object copy(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((key, sub) -> copy.put(String.valueOf(key), copy(sub)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((element) -> copy.add(copy(element)));
			return copy;
		}
		return value;
	}

}
