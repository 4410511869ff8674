package ru.visitflow.bitrix24.company;

import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.company.CoordinatesWriteBack;

/**
 * Writes an approved company position to the Bitrix24 company field that holds
 * coordinates ({@code UF_CRM_COORDINATES}, "lat,lon", the field the company sync reads).
 * Called outside any transaction.
 */
@Component
class CompanyCoordinatesWriter implements CoordinatesWriteBack {

	static final String FIELD = "UF_CRM_COORDINATES";

	private final Bitrix24 bitrix24;

	CompanyCoordinatesWriter(Bitrix24 bitrix24) {
		this.bitrix24 = bitrix24;
	}

	@Override
	public void write(long companyId, double latitude, double longitude) {
		String value = String.format(Locale.ROOT, "%.6f,%.6f", latitude, longitude);
		this.bitrix24.call("crm.company.update", Map.of("id", companyId, "fields", Map.of(FIELD, value)));
	}

}
