package ru.visitflow.bitrix24.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The company card field check on {@code crm.company.fields} answers as Bitrix24 gives
 * them: user fields found in the portal's spelling, their labels taken from the form
 * label, multiple and read-only fields refused with the fields that would fit.
 */
class CompanyCardFieldsCheckTests {

	private final ObjectMapper json = new ObjectMapper();

	private JsonNode portal() throws Exception {
		return this.json.readTree(
				"""
						{"ID": {"type": "integer", "isReadOnly": true, "isMultiple": false, "title": "ID"},
						 "TITLE": {"type": "string", "isReadOnly": false, "isMultiple": false, "title": "Company name"},
						 "UF_CRM_1747309879": {"type": "string", "isReadOnly": false, "isMultiple": false,
						   "title": "UF_CRM_1747309879", "formLabel": "Geo"},
						 "UF_CRM_HOURS": {"type": "string", "isReadOnly": false, "isMultiple": true, "title": "UF_CRM_HOURS",
						   "formLabel": "Hours"},
						 "UF_CRM_DM": {"type": "string", "isReadOnly": true, "isMultiple": false, "title": "UF_CRM_DM"},
						 "UF_CRM_VISITS": {"type": "integer", "isReadOnly": false, "isMultiple": false, "title": "UF_CRM_VISITS",
						   "listLabel": "Visits a month"}}
						""");
	}

	@Test
	void fittingFieldsAreFoundInThePortalsSpellingWithTheirLabels() throws Exception {
		CompanyCardFields.Checked checked = CompanyCardFields.check(portal(),
				new Bitrix24Properties.CompanyFields("uf_crm_1747309879", null, null, null,
						List.of(new Bitrix24Properties.ExtraField("UF_CRM_VISITS", null, null),
								new Bitrix24Properties.ExtraField("UF_CRM_1747309879", "field.company.geo", "Mine"))));
		assertThat(checked.ok()).isTrue();
		assertThat(checked.fields().coordinates().name()).isEqualTo("UF_CRM_1747309879");
		assertThat(checked.fields().openingHours()).isNull();
		assertThat(checked.fields().extra()).extracting(CompanyCardFields.Field::label)
			.containsExactly("Visits a month", "Mine");
	}

	@Test
	void multipleReadOnlyAndMissingFieldsAreNamedWithWhatWouldFit() throws Exception {
		CompanyCardFields.Checked checked = CompanyCardFields.check(portal(), new Bitrix24Properties.CompanyFields(
				"UF_CRM_NOWHERE", "UF_CRM_HOURS", "UF_CRM_DM", "UF_CRM_VISITS", List.of()));
		assertThat(checked.problems()).hasSize(4);
		assertThat(checked.problems().get(0)).contains("has no field UF_CRM_NOWHERE", "company-fields.coordinates",
				"UF_CRM_1747309879 \"Geo\" (string)");
		assertThat(checked.problems().get(1)).contains("UF_CRM_HOURS", "(multiple)");
		assertThat(checked.problems().get(2)).contains("UF_CRM_DM", "read-only");
		assertThat(checked.problems().get(3)).contains("UF_CRM_VISITS", "type integer");
		// a standard field is no candidate, nor a multiple or read-only one
		assertThat(String.join(" ", checked.problems())).doesNotContain("TITLE").doesNotContain("\"Hours\" (string)");
		assertThat(checked.fields().coordinates()).isNull();
		assertThat(checked.fields().openingHours()).isNull();
	}

}
