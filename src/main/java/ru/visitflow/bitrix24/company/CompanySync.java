package ru.visitflow.bitrix24.company;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import ru.visitflow.bitrix24.client.BatchCommand;
import ru.visitflow.bitrix24.client.BatchResponse;
import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.wire.Bitrix24Time;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.CompanyCardFields;
import ru.visitflow.company.CardFields;
import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.company.Contact;

/**
 * Fills the company and contact mirror from Bitrix24: the full import (paged by id,
 * addresses and INNs from requisites fetched in batches), one company on an event, and
 * everything modified since a time for reconciliation; with them the configured card
 * fields (coordinates, opening hours, decision maker, products of interest, further
 * ones), checked against the portal at start. Never called inside a transaction.
 */
@Service
public class CompanySync implements CardFields {

	private static final Logger logger = LoggerFactory.getLogger(CompanySync.class);

	private static final List<String> COMPANY_FIELDS = List.of("ID", "TITLE", "ASSIGNED_BY_ID", "DATE_MODIFY", "PHONE",
			"EMAIL");

	/** The company field with "lat,lon" when nothing else is configured. */
	public static final String DEFAULT_COORDINATES = "UF_CRM_COORDINATES";

	private static final List<String> CONTACT_FIELDS = List.of("ID", "NAME", "LAST_NAME", "POST", "COMPANY_ID",
			"DATE_MODIFY", "PHONE", "EMAIL");

	/**
	 * Companies whose addresses are read per pair of batches (two commands each, 50 per
	 * batch).
	 */
	private static final int ADDRESS_CHUNK = 50;

	private final Bitrix24 bitrix24;

	private final CompanyMirror mirror;

	private final Bitrix24Properties.CompanyFields configured;

	/**
	 * The configured fields until checked, then those the portal has with fitting types.
	 */
	private volatile CompanyCardFields fields;

	private volatile String fieldProblem;

	public CompanySync(Bitrix24 bitrix24, CompanyMirror mirror) {
		this(bitrix24, mirror, new Bitrix24Properties.CompanyFields(DEFAULT_COORDINATES, null));
	}

	@Autowired
	public CompanySync(Bitrix24 bitrix24, CompanyMirror mirror, Bitrix24Properties properties) {
		this(bitrix24, mirror, properties.companyFields());
	}

	public CompanySync(Bitrix24 bitrix24, CompanyMirror mirror, Bitrix24Properties.CompanyFields fields) {
		this.bitrix24 = bitrix24;
		this.mirror = mirror;
		this.configured = fields;
		this.fields = CompanyCardFields.unchecked(fields);
	}

	/** Whether a field is configured ({@code coordinates}, {@code opening-hours}). */
	boolean configured(String setting) {
		String name = switch (setting) {
			case "coordinates" -> this.configured.coordinates();
			case "opening-hours" -> this.configured.openingHours();
			case "decision-maker" -> this.configured.decisionMaker();
			case "products-of-interest" -> this.configured.productsOfInterest();
			default -> null;
		};
		return name != null && !name.isBlank();
	}

	/** The card fields as the sync reads them and card edits write them. */
	public CompanyCardFields fields() {
		return this.fields;
	}

	@Override
	public List<CardField> extra() {
		List<CardField> extra = new ArrayList<>();
		for (CompanyCardFields.Field field : this.fields.extra()) {
			String labelKey = this.configured.extra()
				.stream()
				.filter((wanted) -> wanted.name().trim().equalsIgnoreCase(field.name()))
				.map(Bitrix24Properties.ExtraField::labelKey)
				.filter((key) -> key != null && !key.isBlank())
				.findFirst()
				.orElse(null);
			extra.add(new CardField(field.name(), labelKey, (field.label() != null) ? field.label() : field.name()));
		}
		return extra;
	}

	/**
	 * Checks the configured company fields against {@code crm.company.fields}, as the
	 * item fields are checked: a missing or mistyped one is named, with the portal's user
	 * fields that could hold it, and left out of reads and writes. Null when all fit.
	 */
	public String checkFields() {
		JsonNode portal = this.bitrix24.call("crm.company.fields", Map.of()).result();
		CompanyCardFields.Checked checked = CompanyCardFields.check(portal, this.configured);
		this.fields = checked.fields();
		this.fieldProblem = checked.ok() ? null : String.join("; ", checked.problems());
		if (this.fieldProblem != null) {
			logger.error("Bitrix24 company field mapping is wrong: {}", this.fieldProblem);
		}
		else {
			logger.info(
					"Bitrix24 company fields: coordinates {}, opening hours {}, decision maker {}, products of "
							+ "interest {}, further {}",
					checked.fields().coordinates(), checked.fields().openingHours(), checked.fields().decisionMaker(),
					checked.fields().productsOfInterest(), checked.fields().extra());
		}
		return this.fieldProblem;
	}

	/** What is wrong with the company fields, as last checked; null when nothing is. */
	public String fieldProblem() {
		return this.fieldProblem;
	}

	private List<String> companySelect() {
		List<String> select = new ArrayList<>(COMPANY_FIELDS);
		CompanyCardFields card = this.fields;
		for (CompanyCardFields.Field field : new CompanyCardFields.Field[] { card.coordinates(), card.openingHours(),
				card.decisionMaker(), card.productsOfInterest() }) {
			if (field != null) {
				select.add(field.name());
			}
		}
		card.extra().forEach((field) -> select.add(field.name()));
		return select;
	}

	/** Reads every company and contact; returns how many companies were mirrored. */
	public int importAll() {
		int companies = importCompanies(Map.of());
		int contacts = importContacts(Map.of());
		logger.info("Mirrored {} companies and {} contacts from Bitrix24", companies, contacts);
		return companies;
	}

	/**
	 * Companies and contacts modified since {@code since}; returns the latest
	 * modification seen.
	 */
	public Instant importModifiedSince(Instant since) {
		Map<String, Object> filter = Map.of(">=DATE_MODIFY", since.toString());
		Instant[] latest = { since };
		importCompanies(filter, latest);
		importContacts(filter);
		return latest[0];
	}

	/** One company again, as after ONCRMCOMPANYADD/UPDATE. */
	public void refresh(long companyId) {
		JsonNode row = this.bitrix24.call("crm.company.get", Map.of("id", companyId)).result();
		saveCompanies(List.of(row), null);
	}

	/** One contact again, after an edit. */
	public Contact refreshContact(long contactId) {
		JsonNode row = this.bitrix24.call("crm.contact.get", Map.of("id", contactId)).result();
		Contact contact = contact(row);
		this.mirror.save(contact);
		return contact;
	}

	private static Contact contact(JsonNode row) {
		return new Contact(row.path("ID").asLong(), longOrNull(row.path("COMPANY_ID")), row.path("NAME").asText(null),
				row.path("LAST_NAME").asText(null), row.path("POST").asText(null), values(row.path("PHONE")),
				values(row.path("EMAIL")), Bitrix24Time.parse(row.path("DATE_MODIFY").asText(null)));
	}

	private int importCompanies(Map<String, Object> filter) {
		return importCompanies(filter, null);
	}

	private int importCompanies(Map<String, Object> filter, Instant[] latest) {
		Iterator<JsonNode> rows = this.bitrix24
			.scan("crm.company.list", Map.of("filter", filter, "select", companySelect()), "", "ID")
			.iterator();
		int count = 0;
		List<JsonNode> page = new ArrayList<>();
		while (rows.hasNext()) {
			page.add(rows.next());
			if (page.size() == ADDRESS_CHUNK) {
				count += saveCompanies(page, latest);
				page.clear();
			}
		}
		count += saveCompanies(page, latest);
		return count;
	}

	private int saveCompanies(List<JsonNode> rows, Instant[] latest) {
		if (rows.isEmpty()) {
			return 0;
		}
		Map<Long, String> inns = new HashMap<>();
		Map<Long, JsonNode> addresses = addresses(rows.stream().map((row) -> row.path("ID").asLong()).toList(), inns);
		CompanyCardFields card = this.fields;
		for (JsonNode row : rows) {
			long id = row.path("ID").asLong();
			JsonNode address = addresses.get(id);
			Map<String, String> extra = new LinkedHashMap<>();
			card.extra().forEach((field) -> extra.put(field.name(), value(row, field)));
			Instant modified = Bitrix24Time.parse(row.path("DATE_MODIFY").asText(null));
			if (latest != null && modified != null && modified.isAfter(latest[0])) {
				latest[0] = modified;
			}
			this.mirror.save(new Company(id, row.path("TITLE").asText(""), longOrNull(row.path("ASSIGNED_BY_ID")),
					values(row.path("PHONE")), values(row.path("EMAIL")), text(address, "ADDRESS_1"),
					text(address, "CITY"), text(address, "REGION"), text(address, "POSTAL_CODE"),
					text(address, "COUNTRY"), coordinate(row, card, 0), coordinate(row, card, 1), modified,
					inns.get(id), value(row, card.openingHours()), value(row, card.decisionMaker()),
					value(row, card.productsOfInterest()), extra));
		}
		return rows.size();
	}

	/**
	 * The first address of each company's first requisite, and its INN into {@code inns}:
	 * two batches for up to 50 companies.
	 */
	private Map<Long, JsonNode> addresses(List<Long> companyIds, Map<Long, String> inns) {
		List<BatchCommand> requisites = new ArrayList<>();
		for (Long id : companyIds) {
			requisites.add(new BatchCommand("r" + id, "crm.requisite.list",
					Map.of("filter", Map.of("ENTITY_TYPE_ID", 4, "ENTITY_ID", id), "select", List.of("ID", "RQ_INN"))));
		}
		BatchResponse requisiteRows = this.bitrix24.batch(requisites, false);
		Map<Long, Long> requisiteOf = new HashMap<>();
		for (Long id : companyIds) {
			requisiteRows.result("r" + id).filter((rows) -> rows.isArray() && rows.size() > 0).ifPresent((rows) -> {
				requisiteOf.put(id, rows.get(0).path("ID").asLong());
				for (JsonNode requisite : rows) {
					String inn = text(requisite, "RQ_INN");
					if (inn != null) {
						inns.put(id, inn.trim());
						break;
					}
				}
			});
		}
		Map<Long, JsonNode> addresses = new LinkedHashMap<>();
		if (requisiteOf.isEmpty()) {
			return addresses;
		}
		List<BatchCommand> addressCommands = new ArrayList<>();
		requisiteOf.forEach((company, requisite) -> addressCommands.add(new BatchCommand("a" + company,
				"crm.address.list", Map.of("filter", Map.of("ENTITY_TYPE_ID", 8, "ENTITY_ID", requisite)))));
		BatchResponse addressRows = this.bitrix24.batch(addressCommands, false);
		for (Long company : requisiteOf.keySet()) {
			addressRows.result("a" + company).filter((rows) -> rows.isArray() && rows.size() > 0).ifPresent((rows) -> {
				JsonNode chosen = rows.get(0);
				for (JsonNode row : rows) {
					// the physical address (type 1) is where the rep goes
					if (row.path("TYPE_ID").asInt() == 1) {
						chosen = row;
					}
				}
				addresses.put(company, chosen);
			});
		}
		return addresses;
	}

	private int importContacts(Map<String, Object> filter) {
		int[] count = { 0 };
		this.bitrix24.scan("crm.contact.list", Map.of("filter", filter, "select", CONTACT_FIELDS), "", "ID")
			.forEach((row) -> {
				this.mirror.save(contact(row));
				count[0]++;
			});
		return count[0];
	}

	private static List<String> values(JsonNode multiField) {
		List<String> values = new ArrayList<>();
		if (multiField.isArray()) {
			multiField.forEach((entry) -> {
				String value = entry.path("VALUE").asText("");
				if (!value.isBlank()) {
					values.add(value);
				}
			});
		}
		return values;
	}

	private static String text(JsonNode row, String field) {
		if (row == null || !row.hasNonNull(field)) {
			return null;
		}
		String value = row.get(field).asText();
		return value.isBlank() ? null : value;
	}

	/**
	 * A card field's value as text: a list joined by commas; null when empty or the field
	 * is not used.
	 */
	private static String value(JsonNode row, CompanyCardFields.Field field) {
		if (field == null || row == null || !row.hasNonNull(field.name())) {
			return null;
		}
		JsonNode value = row.get(field.name());
		if (value.isArray()) {
			List<String> parts = new ArrayList<>();
			value.forEach((part) -> {
				if (!part.asText("").isBlank()) {
					parts.add(part.asText().trim());
				}
			});
			return parts.isEmpty() ? null : String.join(", ", parts);
		}
		String text = value.asText("");
		return text.isBlank() ? null : text.trim();
	}

	/**
	 * Coordinates a portal keeps in the configured company field ("lat,lon";
	 * UF_CRM_COORDINATES by default); without them the map geocodes the address.
	 */
	private static Double coordinate(JsonNode row, CompanyCardFields card, int index) {
		String value = value(row, card.coordinates());
		if (value == null) {
			return null;
		}
		String[] parts = value.split(",");
		try {
			return (parts.length == 2) ? Double.valueOf(parts[index].trim()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Long longOrNull(JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank()) ? null
				: node.asLong();
	}

}
