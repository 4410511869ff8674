package ru.visitflow.bitrix24.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** PHP bracket notation both ways, as parse_str and http_build_query do it. */
class Bitrix24SandboxPhpQueryTests {

	@Test
	void nestedKeysBecomeMapsAndSequentialKeysLists() {
		Map<String, Object> parsed = PhpQuery.parse("entityTypeId=1036&fields%5BTITLE%5D=%D0%92%D0%B8%D0%B7%D0%B8%D1%82+1"
				+ "&fields[PHONE][0][VALUE]=%2B7+495&fields[PHONE][0][VALUE_TYPE]=WORK&fields[PHONE][1][ID]=8"
				+ "&fields[PHONE][1][DELETE]=Y&select[]=id&select[]=title&filter[>id]=5&filter[@stageId][]=A&plain");
		assertThat(parsed).containsEntry("entityTypeId", "1036").containsEntry("plain", "");
		Map<?, ?> fields = (Map<?, ?>) parsed.get("fields");
		assertThat(fields.get("TITLE")).isEqualTo("Визит 1");
		assertThat(fields.get("PHONE")).isEqualTo(List.of(Map.of("VALUE", "+7 495", "VALUE_TYPE", "WORK"),
				Map.of("ID", "8", "DELETE", "Y")));
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
	void buildsFormBodiesInBracketNotation() {
		Map<String, Object> auth = new LinkedHashMap<>();
		auth.put("domain", "portal.bitrix24.ru");
		auth.put("application_token", "t0k");
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("event", "ONCRMDYNAMICITEMUPDATE");
		payload.put("data", Map.of("FIELDS", Map.of("ID", "21")));
		payload.put("auth", auth);
		assertThat(PhpQuery.build(payload)).isEqualTo("event=ONCRMDYNAMICITEMUPDATE&data%5BFIELDS%5D%5BID%5D=21"
				+ "&auth%5Bdomain%5D=portal.bitrix24.ru&auth%5Bapplication_token%5D=t0k");
		assertThat(PhpQuery.parse(PhpQuery.build(payload))).isEqualTo(Map.of("event", "ONCRMDYNAMICITEMUPDATE",
				"data", Map.of("FIELDS", Map.of("ID", "21")), "auth", auth));
	}

}
