package ru.visitflow.bitrix24.company;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyCardEditor;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.company.Contact;
import ru.visitflow.system.NotFoundException;

/**
 * Edits a company card in Bitrix24 and then the mirror. Phones and e-mails are multi-fields: an entry sent
 * without its ID is added, so the current entries are read first and each change goes by ID (kept entries are
 * left alone, removed ones are deleted by ID, new ones added) — never a duplicate of what is there.
 */
@Service
class CompanyCards implements CompanyCardEditor {

	private final Bitrix24 bitrix24;

	private final CompanySync companies;

	private final CompanyMirror mirror;

	CompanyCards(Bitrix24 bitrix24, CompanySync companies, CompanyMirror mirror) {
		this.bitrix24 = bitrix24;
		this.companies = companies;
		this.mirror = mirror;
	}

	@Override
	public Company update(long companyId, CardChange change) {
		JsonNode current = this.bitrix24.call("crm.company.get", Map.of("id", companyId)).result();
		if (current == null || !current.hasNonNull("ID")) {
			throw new NotFoundException("No company " + companyId + " in Bitrix24");
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		if (change.title() != null && !change.title().isBlank()) {
			fields.put("TITLE", change.title().trim());
		}
		if (change.phones() != null) {
			fields.put("PHONE", multiFieldChanges(current.path("PHONE"), change.phones(), "WORK"));
		}
		if (change.emails() != null) {
			fields.put("EMAIL", multiFieldChanges(current.path("EMAIL"), change.emails(), "WORK"));
		}
		if (!fields.isEmpty()) {
			this.bitrix24.call("crm.company.update", Map.of("id", companyId, "fields", fields));
		}
		this.companies.refresh(companyId);
		return this.mirror.company(companyId).orElseThrow();
	}

	@Override
	public Contact updateContact(long contactId, ContactChange change) {
		JsonNode current = this.bitrix24.call("crm.contact.get", Map.of("id", contactId)).result();
		if (current == null || !current.hasNonNull("ID")) {
			throw new NotFoundException("No contact " + contactId + " in Bitrix24");
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		putIfGiven(fields, "NAME", change.name());
		putIfGiven(fields, "LAST_NAME", change.lastName());
		putIfGiven(fields, "POST", change.post());
		if (change.phones() != null) {
			fields.put("PHONE", multiFieldChanges(current.path("PHONE"), change.phones(), "WORK"));
		}
		if (change.emails() != null) {
			fields.put("EMAIL", multiFieldChanges(current.path("EMAIL"), change.emails(), "WORK"));
		}
		if (!fields.isEmpty()) {
			this.bitrix24.call("crm.contact.update", Map.of("id", contactId, "fields", fields));
		}
		return this.companies.refreshContact(contactId);
	}

	private static void putIfGiven(Map<String, Object> fields, String field, String value) {
		if (value != null) {
			fields.put(field, value.trim());
		}
	}

	/** The entries to send so that exactly {@code wanted} remains, going by the IDs Bitrix24 gave. */
	static List<Map<String, Object>> multiFieldChanges(JsonNode current, List<String> wanted, String valueType) {
		Set<String> remaining = new LinkedHashSet<>();
		wanted.stream().map(String::trim).filter((value) -> !value.isEmpty()).forEach(remaining::add);
		List<Map<String, Object>> changes = new ArrayList<>();
		if (current.isArray()) {
			for (JsonNode entry : current) {
				String value = entry.path("VALUE").asText("");
				if (!remaining.remove(value)) {
					changes.add(Map.of("ID", entry.path("ID").asText(), "DELETE", "Y"));
				}
			}
		}
		remaining.forEach((value) -> changes.add(Map.of("VALUE", value, "VALUE_TYPE", valueType)));
		return changes;
	}

}
