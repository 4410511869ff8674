package ru.visitflow.bitrix24.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The mapped item fields are checked like the stages: a missing or mistyped field is
 * named with the portal's fields that would fit, the camelCase spelling Bitrix24 uses is
 * found from either spelling, and a date-only start field is read as a day.
 */
class ItemFieldsTests {

	/**
	 * A stock smart process with two custom fields, as crm.item.fields describes them.
	 */
	private static JsonNode portalFields() throws Exception {
		return new ObjectMapper().readTree("""
				{"id":{"type":"integer","isReadOnly":true,"upperName":"ID"},
				 "title":{"type":"string","title":"Название","upperName":"TITLE"},
				 "begindate":{"type":"date","title":"Дата начала","upperName":"BEGINDATE"},
				 "updatedTime":{"type":"datetime","isReadOnly":true,"upperName":"UPDATED_TIME"},
				 "ufCrm7_1739432938":{"type":"datetime","title":"Время визита","upperName":"UF_CRM_7_1739432938"},
				 "ufCrm7_1739433001":{"type":"string","title":"Тип","upperName":"UF_CRM_7_1739433001"},
				 "observers":{"type":"user","isMultiple":true,"upperName":"OBSERVERS"}}
				""");
	}

	@Test
	void missingFieldsAreNamedWithTheFieldsThatWouldFit() throws Exception {
		ItemFields.Checked checked = ItemFields.check(portalFields(), "ufCrmVisitStart", "ufCrmVisitType", "");

		assertThat(checked.ok()).isFalse();
		assertThat(checked.problems()).hasSize(2);
		assertThat(checked.problems().get(0)).contains("ufCrmVisitStart", "visitflow.bitrix24.fields.planned-start",
				"ufCrm7_1739432938", "begindate");
		assertThat(checked.problems().get(0)).doesNotContain("updatedTime");
		assertThat(checked.problems().get(1)).contains("ufCrmVisitType", "ufCrm7_1739433001");
	}

	@Test
	void aFieldOfTheWrongTypeIsNamedWithItsType() throws Exception {
		ItemFields.Checked checked = ItemFields.check(portalFields(), "ufCrm7_1739433001", null, null);

		assertThat(checked.ok()).isFalse();
		assertThat(checked.problems().get(0)).contains("ufCrm7_1739433001", "string", "datetime or date");
	}

	@Test
	void eitherSpellingFindsTheCamelCaseFieldAndADateFieldIsDateOnly() throws Exception {
		ItemFields.Checked checked = ItemFields.check(portalFields(), "UF_CRM_7_1739432938", "ufcrm7_1739433001", null);
		assertThat(checked.problems()).isEmpty();
		assertThat(checked.fields().plannedStart().name()).isEqualTo("ufCrm7_1739432938");
		assertThat(checked.fields().plannedStart().dateOnly()).isFalse();
		assertThat(checked.fields().visitType().name()).isEqualTo("ufCrm7_1739433001");
		assertThat(checked.fields().durationMinutes()).isNull();

		ItemFields dateOnly = ItemFields.check(portalFields(), "begindate", null, null).fields();
		assertThat(dateOnly.plannedStart().dateOnly()).isTrue();
	}

	@Test
	void aDateIsReadAsTheDayItStandsForAndWrittenAsTheRepsDay() {
		// midnight UTC with the portal's offset, as Bitrix24 answers a date field
		assertThat(ItemFields.day("2026-12-20T03:00:00+03:00")).isEqualTo(LocalDate.of(2026, 12, 20));
		assertThat(ItemFields.day("2024-06-18T02:00:00+02:00")).isEqualTo(LocalDate.of(2024, 6, 18));
		// midnight of the portal's zone
		assertThat(ItemFields.day("2026-12-20T00:00:00+03:00")).isEqualTo(LocalDate.of(2026, 12, 20));
		assertThat(ItemFields.day("2026-12-20")).isEqualTo(LocalDate.of(2026, 12, 20));

		ItemFields.Field date = new ItemFields.Field("begindate", "date");
		// 23:30 in Yekaterinburg is already the next day in UTC: the rep's day is written
		Instant late = Instant.parse("2026-12-20T18:30:00Z");
		assertThat(ItemFields.write(date, late, ZoneId.of("Asia/Yekaterinburg"))).isEqualTo("2026-12-20");
		assertThat(ItemFields.write(new ItemFields.Field("x", "datetime"), late, ZoneId.of("Asia/Yekaterinburg")))
			.isEqualTo("2026-12-20T23:30:00+05:00");
	}

}
