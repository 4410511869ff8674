package ru.visitflow.bitrix24.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The PHP bracket notation of batch commands, as {@code parse_str} on the Bitrix24 side
 * reads it.
 */
class PhpQueryTests {

	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int index = 0; index < keysAndValues.length; index += 2) {
			map.put((String) keysAndValues[index], keysAndValues[index + 1]);
		}
		return map;
	}

	@Test
	void nestedMapsAndListsBecomeBracketedKeysWithEncodedValues() {
		Map<String, Object> params = ordered("entityTypeId", 1036, "id", 5, "fields",
				ordered("stageId", "DT1036_11:PREPARATION", "contactIds", List.of(4)));

		assertThat(PhpQuery.encode(params))
			.isEqualTo("entityTypeId=1036&id=5&fields[stageId]=DT1036_11%3APREPARATION&fields[contactIds][0]=4");
	}

	@Test
	void deeperNestingKeepsEveryLevel() {
		Map<String, Object> params = ordered("fields",
				ordered("PHONE", List.of(ordered("VALUE", "+7 999 000-00-00", "VALUE_TYPE", "WORK"))));

		assertThat(PhpQuery.encode(params))
			.isEqualTo("fields[PHONE][0][VALUE]=%2B7%20999%20000-00-00&fields[PHONE][0][VALUE_TYPE]=WORK");
	}

	@Test
	void booleansAreOneAndZeroAsHttpBuildQueryWritesThem() {
		assertThat(PhpQuery.encode(ordered("a", true, "b", false))).isEqualTo("a=1&b=0");
	}

	@Test
	void nullsAndEmptyContainersAreEmptyValues() {
		assertThat(PhpQuery.encode(ordered("a", null, "b", List.of(), "c", Map.of(), "d", "x")))
			.isEqualTo("a=&b=&c=&d=x");
	}

	@Test
	void specialCharactersInKeysAndValuesAreEncodedButBracketsAndUnreservedAreNot() {
		Map<String, Object> params = ordered("filter", ordered(">=DATE_MODIFY", "2025-01-01T10:00:00+03:00"), "select",
				List.of("ID", "UF_*"), "name", "Иван & co ~_.-");

		assertThat(PhpQuery.encode(params)).isEqualTo("filter[%3E%3DDATE_MODIFY]=2025-01-01T10%3A00%3A00%2B03%3A00"
				+ "&select[0]=ID&select[1]=UF_%2A&name=%D0%98%D0%B2%D0%B0%D0%BD%20%26%20co%20~_.-");
	}

	@Test
	void batchResultReferencesSurviveAsEncodedText() {
		assertThat(PhpQuery.encode(ordered("id", "$result[item][item][companyId]")))
			.isEqualTo("id=%24result%5Bitem%5D%5Bitem%5D%5BcompanyId%5D");
	}

	@Test
	void numbersDatesEnumsAndArraysAreWrittenPlainly() {
		Map<String, Object> params = ordered("price", 19000.0, "rate", 1.5, "big", 12345678901L, "day",
				LocalDate.of(2025, 3, 20), "unit", TimeUnit.SECONDS, "ids", new Integer[] { 1, 2 });

		assertThat(PhpQuery.encode(params))
			.isEqualTo("price=19000&rate=1.5&big=12345678901&day=2025-03-20&unit=SECONDS&ids[0]=1&ids[1]=2");
	}

	@Test
	void jsonTreesAreEncodedLikeMapsAndLists() throws Exception {
		Map<String, Object> params = ordered("fields",
				new ObjectMapper().readTree("{\"title\":\"A\",\"ids\":[1,2],\"flag\":true,\"none\":null}"));

		assertThat(PhpQuery.encode(params))
			.isEqualTo("fields[title]=A&fields[ids][0]=1&fields[ids][1]=2&fields[flag]=1&fields[none]=");
	}

	@Test
	void noParametersIsAnEmptyQuery() {
		assertThat(PhpQuery.encode(Map.of())).isEmpty();
		assertThat(PhpQuery.encode(null)).isEmpty();
	}

}
