package ru.visitflow.bitrix24.company;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.portal.CompanyCardFields;
import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyCardEditor;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.company.Contact;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;

/**
 * Edits a company card in Bitrix24 and then the mirror. Phones and e-mails are
 * multi-fields: an entry sent without its ID is added, so the current entries are read
 * first and each change goes by ID (kept entries are left alone, a replaced value is
 * changed in place by its ID keeping its VALUE_TYPE, removed ones are deleted by ID, new
 * ones added) — never a duplicate of what is there. The configured card fields (opening
 * hours, decision maker, products of interest, further ones) go in the same update; a
 * field the configuration or the portal lacks is refused (400) before anything is
 * written.
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
		fields.putAll(cardFields(change));
		if (!fields.isEmpty()) {
			this.bitrix24.call("crm.company.update", Map.of("id", companyId, "fields", fields));
		}
		if (change.openingHours() != null) {
			// the card has them now: no edit made earlier in Visitflow waits to overwrite
			// them
			String text = change.openingHours().trim();
			this.mirror.saveOpeningHours(companyId, text);
			this.mirror.openingHoursWritten(companyId, text, null);
		}
		this.companies.refresh(companyId);
		return this.mirror.company(companyId).orElseThrow();
	}

	/**
	 * The card fields of the change by their portal names; a field that is not
	 * configured, or that the portal lacks, is refused before anything is written.
	 */
	private Map<String, Object> cardFields(CardChange change) {
		CompanyCardFields card = this.companies.fields();
		Map<String, Object> fields = new LinkedHashMap<>();
		List<FieldProblem> problems = new ArrayList<>();
		putCardField(fields, problems, "openingHours", card.openingHours(), change.openingHours());
		putCardField(fields, problems, "decisionMaker", card.decisionMaker(), change.decisionMaker());
		putCardField(fields, problems, "productsOfInterest", card.productsOfInterest(), change.productsOfInterest());
		if (change.fields() != null) {
			change.fields().forEach((name, value) -> {
				CompanyCardFields.Field field = card.extra()
					.stream()
					.filter((candidate) -> candidate.name().equalsIgnoreCase(name))
					.findFirst()
					.orElse(null);
				if (field == null) {
					problems.add(new FieldProblem("fields." + name, "unknown",
							"is not a company field configured for editing (visitflow.bitrix24.company-fields.extra)"));
				}
				else {
					putCardField(fields, problems, "fields." + name, field, value);
				}
			});
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return fields;
	}

	private static void putCardField(Map<String, Object> fields, List<FieldProblem> problems, String property,
			CompanyCardFields.Field field, String value) {
		if (value == null) {
			return;
		}
		if (field == null) {
			problems.add(new FieldProblem(property, "unavailable",
					"the portal has no usable company field for it (see the health of Bitrix24)"));
			return;
		}
		String text = value.trim();
		if (!text.isEmpty() && ("integer".equals(field.type()) || "double".equals(field.type()))) {
			try {
				new BigDecimal(text.replace(',', '.'));
				text = text.replace(',', '.');
			}
			catch (NumberFormatException ex) {
				problems.add(new FieldProblem(property, "invalid", "must be a number"));
				return;
			}
		}
		fields.put(field.name(), text);
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

	/**
	 * The entries to send so that exactly {@code wanted} remains, going by the IDs
	 * Bitrix24 gave: values still wanted are left alone; a value that replaced another
	 * (in order) changes that entry in place, by its ID and with its own VALUE_TYPE (a
	 * mobile number stays mobile); what is left over is deleted by ID or added.
	 */
	static List<Map<String, Object>> multiFieldChanges(JsonNode current, List<String> wanted, String valueType) {
		List<String> added = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		wanted.stream().map(String::trim).filter((value) -> !value.isEmpty()).forEach(seen::add);
		List<JsonNode> entries = new ArrayList<>();
		if (current.isArray()) {
			current.forEach(entries::add);
		}
		Set<String> present = new LinkedHashSet<>();
		List<JsonNode> replaced = new ArrayList<>();
		for (JsonNode entry : entries) {
			String value = entry.path("VALUE").asText("").trim();
			if (seen.contains(value) && present.add(value)) {
				continue;
			}
			replaced.add(entry);
		}
		for (String value : seen) {
			if (!present.contains(value)) {
				added.add(value);
			}
		}
		List<Map<String, Object>> changes = new ArrayList<>();
		int paired = Math.min(replaced.size(), added.size());
		for (int i = 0; i < paired; i++) {
			JsonNode entry = replaced.get(i);
			Map<String, Object> change = new LinkedHashMap<>();
			change.put("ID", entry.path("ID").asText());
			change.put("VALUE", added.get(i));
			change.put("VALUE_TYPE", entry.path("VALUE_TYPE").asText(valueType));
			changes.add(change);
		}
		for (int i = paired; i < replaced.size(); i++) {
			changes.add(Map.of("ID", replaced.get(i).path("ID").asText(), "DELETE", "Y"));
		}
		for (int i = paired; i < added.size(); i++) {
			changes.add(Map.of("VALUE", added.get(i), "VALUE_TYPE", valueType));
		}
		return changes;
	}

}
