package ru.visitflow.bitrix24.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading PHP bracket notation as parse_str does, and the round trip with writing it. */
class PhpQueryParseTests {

	@Test
	void nestedKeysBecomeMapsAndSequentialKeysLists() {
		Map<String, Object> parsed = PhpQuery
			.parse("entityTypeId=1036&fields%5BTITLE%5D=%D0%92%D0%B8%D0%B7%D0%B8%D1%82+1"
					+ "&fields[PHONE][0][VALUE]=%2B7+495&fields[PHONE][0][VALUE_TYPE]=WORK&fields[PHONE][1][ID]=8"
					+ "&fields[PHONE][1][DELETE]=Y&select[]=id&select[]=title&filter[>id]=5&filter[@stageId][]=A&plain");
		assertThat(parsed).containsEntry("entityTypeId", "1036").containsEntry("plain", "");
		Map<?, ?> fields = (Map<?, ?>) parsed.get("fields");
		assertThat(fields.get("TITLE")).isEqualTo("Визит 1");
		assertThat(fields.get("PHONE"))
			.isEqualTo(List.of(Map.of("VALUE", "+7 495", "VALUE_TYPE", "WORK"), Map.of("ID", "8", "DELETE", "Y")));
		assertThat(parsed.get("select")).isEqualTo(List.of("id", "title"));
		Map<?, ?> filter = (Map<?, ?>) parsed.get("filter");
		assertThat(filter.get(">id")).isEqualTo("5");
		assertThat(filter.get("@stageId")).isEqualTo(List.of("A"));
	}

	@Test
	void nonSequentialKeysStayAMap() {
		Map<String, Object> parsed = PhpQuery.parse("cmd[get]=crm.item.get&cmd[1]=user.current");
		assertThat(parsed.get("cmd")).isInstanceOf(Map.class);
		assertThat(PhpQuery.parse("cmd[0]=a&cmd[1]=b").get("cmd")).isEqualTo(List.of("a", "b"));
	}

	@Test
	void eventBodiesRoundTrip() {
		Map<String, Object> auth = new LinkedHashMap<>();
		auth.put("domain", "portal.bitrix24.ru");
		auth.put("application_token", "t0k");
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("event", "ONCRMDYNAMICITEMUPDATE");
		payload.put("data", Map.of("FIELDS", Map.of("ID", "21", "ENTITY_TYPE_ID", "1036")));
		payload.put("auth", auth);
		assertThat(PhpQuery.encode(payload)).startsWith("event=ONCRMDYNAMICITEMUPDATE&data[FIELDS][")
			.endsWith("&auth[domain]=portal.bitrix24.ru&auth[application_token]=t0k");
		assertThat(PhpQuery.parse(PhpQuery.encode(payload))).isEqualTo(payload);
	}

	@Test
	void nestedListsMapsAndAwkwardTextRoundTrip() {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("filter", Map.of(">=DATE_MODIFY", "2025-01-01T10:00:00+03:00", "@ID", List.of("1", "2")));
		params.put("fields",
				Map.of("PHONE",
						List.of(Map.of("VALUE", "+7 495 & co", "VALUE_TYPE", "WORK"), Map.of("ID", "8", "DELETE", "Y")),
						"TITLE", "ООО «Ромашка» 100% [опт]"));
		params.put("select", List.of("ID", "UF_*"));

		assertThat(PhpQuery.parse(PhpQuery.encode(params))).isEqualTo(params);
	}

	@Test
	void booleansAndNullsComeBackAsPhpWouldSeeThem() {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("on", true);
		params.put("off", false);
		params.put("none", null);

		assertThat(PhpQuery.parse(PhpQuery.encode(params))).containsEntry("on", "1")
			.containsEntry("off", "0")
			.containsEntry("none", "");
	}

	/** The examples of PHP's manual for parse_str, and its rules for variable names. */
	@Test
	void readsAsPhpParseStrDoes() {
		// php.net/parse_str: "first=value&arr[]=foo+bar&arr[]=baz"
		Map<String, Object> manual = PhpQuery.parse("first=value&arr[]=foo+bar&arr[]=baz");
		assertThat(manual).containsEntry("first", "value").containsEntry("arr", List.of("foo bar", "baz"));
		// spaces and dots in a name become underscores: parse_str("My Value=Something")
		// gives My_Value
		assertThat(PhpQuery.parse("My Value=Something")).containsEntry("My_Value", "Something");
		assertThat(PhpQuery.parse("a.b=1&c d[e.f]=2")).containsEntry("a_b", "1")
			.containsEntry("c_d", Map.of("e.f", "2"));
		// a bracket that is never closed becomes an underscore, the rest of the name
		// stays as it is
		assertThat(PhpQuery.parse("a[b.c=1")).containsEntry("a_b.c", "1");
		// leading spaces are dropped; text after the last closing bracket is ignored
		assertThat(PhpQuery.parse("%20%20x=1&y[z]tail=2")).containsEntry("x", "1").containsEntry("y", Map.of("z", "2"));
		// the last value of a name wins; a[] continues after the highest numeric key
		assertThat(PhpQuery.parse("a=1&a=2")).containsEntry("a", "2");
		assertThat(PhpQuery.parse("a[5]=x&a[]=y")).containsEntry("a", Map.of("5", "x", "6", "y"));
		// no value is an empty string; an empty name is dropped
		assertThat(PhpQuery.parse("flag&=lost")).isEqualTo(Map.of("flag", ""));
		// percent-encoded brackets read the same as literal ones
		assertThat(PhpQuery.parse("f%5Bx%5D=1")).isEqualTo(PhpQuery.parse("f[x]=1"));
	}

	@Test
	void servletParameterMapsReadTheSame() {
		Map<String, String[]> parameters = new LinkedHashMap<>();
		parameters.put("cmd[a]", new String[] { "crm.item.get?id=1" });
		parameters.put("ids[]", new String[] { "1", "2" });

		assertThat(PhpQuery.parse(parameters))
			.isEqualTo(Map.of("cmd", Map.of("a", "crm.item.get?id=1"), "ids", List.of("1", "2")));
	}

}
