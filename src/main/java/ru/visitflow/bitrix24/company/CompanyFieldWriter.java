package ru.visitflow.bitrix24.company;

import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.portal.CompanyCardFields;
import ru.visitflow.company.CardFieldWriteBack;
import ru.visitflow.company.CoordinatesWriteBack;

/**
 * Writes what Visitflow keeps of a company to its Bitrix24 card: an approved position to
 * the configured coordinates field ("lat,lon", the field the company sync reads), opening
 * hours entered in Visitflow to the configured opening-hours field. Nothing is written
 * when the field is not configured; a configured field the portal lacks fails the write
 * (it is retried, and health names the field). Called outside any transaction.
 */
@Component
class CompanyFieldWriter implements CoordinatesWriteBack, CardFieldWriteBack {

	private final Bitrix24 bitrix24;

	private final CompanySync companies;

	CompanyFieldWriter(Bitrix24 bitrix24, CompanySync companies) {
		this.bitrix24 = bitrix24;
		this.companies = companies;
	}

	@Override
	public void write(long companyId, double latitude, double longitude) {
		String value = String.format(Locale.ROOT, "%.6f,%.6f", latitude, longitude);
		update(companyId, this.companies.fields().coordinates(), "coordinates", value);
	}

	@Override
	public void writeOpeningHours(long companyId, String text) {
		update(companyId, this.companies.fields().openingHours(), "opening-hours", (text == null) ? "" : text);
	}

	private void update(long companyId, CompanyCardFields.Field field, String setting, String value) {
		if (field == null) {
			if (this.companies.configured(setting)) {
				throw new IllegalStateException("the Bitrix24 company field of visitflow.bitrix24.company-fields."
						+ setting + " is not usable: " + this.companies.fieldProblem());
			}
			return;
		}
		this.bitrix24.call("crm.company.update", Map.of("id", companyId, "fields", Map.of(field.name(), value)));
	}

}
