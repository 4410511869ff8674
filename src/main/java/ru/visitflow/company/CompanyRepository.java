package ru.visitflow.company;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The company and contact mirror. Multi-values (phones, e-mails) are kept one per line,
 * the further card fields as a JSON object.
 */
@Repository
class CompanyRepository {

	/** Card fields are plain strings: a mapper of its own needs no configuration. */
	private static final ObjectMapper JSON = new ObjectMapper();

	private final JdbcClient jdbc;

	CompanyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long count() {
		return this.jdbc.sql("select count(*) from company").query(Long.class).single();
	}

	Optional<Company> find(long id) {
		return this.jdbc.sql("select * from company where id = ?").param(id).query(CompanyRepository::map).optional();
	}

	List<Contact> contactsOf(long companyId) {
		return this.jdbc.sql("select * from contact where company_id = ? order by id")
			.param(companyId)
			.query(CompanyRepository::mapContact)
			.list();
	}

	void save(Company company) {
		// opening hours entered in Visitflow and not yet in Bitrix24 are kept until they
		// are
		Object[] values = { company.title(), company.assignedById(), lines(company.phones()), lines(company.emails()),
				company.address(), company.city(), company.region(), company.postalCode(), company.country(),
				company.latitude(), company.longitude(), utc(company.modifiedAt()), utc(Instant.now()), company.inn(),
				company.openingHours(), company.decisionMaker(), company.productsOfInterest(),
				json(company.extraFields()), company.id() };
		int updated = this.jdbc.sql("""
				update company set title = ?, assigned_by_id = ?, phones = ?, emails = ?, address = ?, city = ?,
				  region = ?, postal_code = ?, country = ?, latitude = ?, longitude = ?, modified_at = ?, synced_at = ?,
				  inn = ?, opening_hours = case when opening_hours_pending then opening_hours else ? end,
				  decision_maker = ?, products_of_interest = ?, extra_fields = ?
				where id = ?
				""").params(values).update();
		if (updated == 0) {
			this.jdbc
				.sql("""
						insert into company (title, assigned_by_id, phones, emails, address, city, region, postal_code, country,
						  latitude, longitude, modified_at, synced_at, inn, opening_hours, decision_maker, products_of_interest,
						  extra_fields, id)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
						""")
				.params(values)
				.update();
		}
	}

	/**
	 * Opening hours entered in Visitflow: kept in the mirror as pending until written to
	 * Bitrix24. False when there is no such company.
	 */
	boolean saveOpeningHours(long companyId, String text) {
		return this.jdbc.sql("""
				update company set opening_hours = ?, opening_hours_pending = true, opening_hours_error = null
				where id = ?
				""").params(text, companyId).update() > 0;
	}

	/**
	 * The write-back of {@code text} ended: written (error null) clears pending unless
	 * the text changed meanwhile; failed keeps it pending with the error.
	 */
	void openingHoursWritten(long companyId, String text, String error) {
		if (error == null) {
			this.jdbc.sql("""
					update company set opening_hours_pending = false, opening_hours_error = null
					where id = ? and opening_hours_pending and opening_hours = ?
					""").params(companyId, text).update();
		}
		else {
			this.jdbc.sql("update company set opening_hours_error = ? where id = ? and opening_hours_pending")
				.params(error, companyId)
				.update();
		}
	}

	/** Companies whose opening hours still wait to reach Bitrix24: id → text. */
	Map<Long, String> pendingOpeningHours(int limit) {
		Map<Long, String> pending = new LinkedHashMap<>();
		this.jdbc.sql("select id, opening_hours from company where opening_hours_pending order by id limit ?")
			.param(limit)
			.query((rs) -> {
				pending.put(rs.getLong("id"), rs.getString("opening_hours"));
			});
		return pending;
	}

	Optional<String> openingHours(long companyId) {
		return this.jdbc.sql("select opening_hours from company where id = ?")
			.param(companyId)
			.query(String.class)
			.optional();
	}

	void save(Contact contact) {
		Object[] values = { contact.companyId(), contact.name(), contact.lastName(), contact.post(),
				lines(contact.phones()), lines(contact.emails()), utc(contact.modifiedAt()), utc(Instant.now()),
				contact.id() };
		int updated = this.jdbc.sql("""
				update contact set company_id = ?, name = ?, last_name = ?, post = ?, phones = ?, emails = ?,
				  modified_at = ?, synced_at = ?
				where id = ?
				""").params(values).update();
		if (updated == 0) {
			this.jdbc.sql("""
					insert into contact (company_id, name, last_name, post, phones, emails, modified_at, synced_at, id)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)
					""").params(values).update();
		}
	}

	private static Company map(ResultSet rs, int row) throws SQLException {
		long assigned = rs.getLong("assigned_by_id");
		Long assignedById = rs.wasNull() ? null : assigned;
		double lat = rs.getDouble("latitude");
		Double latitude = rs.wasNull() ? null : lat;
		double lon = rs.getDouble("longitude");
		Double longitude = rs.wasNull() ? null : lon;
		return new Company(rs.getLong("id"), rs.getString("title"), assignedById, list(rs.getString("phones")),
				list(rs.getString("emails")), rs.getString("address"), rs.getString("city"), rs.getString("region"),
				rs.getString("postal_code"), rs.getString("country"), latitude, longitude, instant(rs, "modified_at"),
				rs.getString("inn"), rs.getString("opening_hours"), rs.getString("decision_maker"),
				rs.getString("products_of_interest"), jsonMap(rs.getString("extra_fields")));
	}

	private static Contact mapContact(ResultSet rs, int row) throws SQLException {
		long company = rs.getLong("company_id");
		return new Contact(rs.getLong("id"), rs.wasNull() ? null : company, rs.getString("name"),
				rs.getString("last_name"), rs.getString("post"), list(rs.getString("phones")),
				list(rs.getString("emails")), instant(rs, "modified_at"));
	}

	private static String json(Map<String, String> values) {
		if (values == null || values.isEmpty()) {
			return null;
		}
		try {
			return JSON.writeValueAsString(values);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Card fields cannot be written as JSON", ex);
		}
	}

	private static Map<String, String> jsonMap(String json) {
		if (json == null || json.isBlank()) {
			return Map.of();
		}
		try {
			return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {
			});
		}
		catch (JsonProcessingException ex) {
			return Map.of();
		}
	}

	private static String lines(List<String> values) {
		return (values == null || values.isEmpty()) ? null : String.join("\n", values);
	}

	private static List<String> list(String lines) {
		return (lines == null || lines.isEmpty()) ? List.of() : Arrays.asList(lines.split("\n"));
	}

}
