package ru.visitflow.company;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The company and contact mirror. Multi-values (phones, e-mails) are kept one per line.
 */
@Repository
class CompanyRepository {

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
		Object[] values = { company.title(), company.assignedById(), lines(company.phones()), lines(company.emails()),
				company.address(), company.city(), company.region(), company.postalCode(), company.country(),
				company.latitude(), company.longitude(), utc(company.modifiedAt()), utc(Instant.now()), company.id() };
		int updated = this.jdbc.sql("""
				update company set title = ?, assigned_by_id = ?, phones = ?, emails = ?, address = ?, city = ?,
				  region = ?, postal_code = ?, country = ?, latitude = ?, longitude = ?, modified_at = ?, synced_at = ?
				where id = ?
				""").params(values).update();
		if (updated == 0) {
			this.jdbc
				.sql("""
						insert into company (title, assigned_by_id, phones, emails, address, city, region, postal_code, country,
						  latitude, longitude, modified_at, synced_at, id)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
						""")
				.params(values)
				.update();
		}
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
				rs.getString("postal_code"), rs.getString("country"), latitude, longitude, instant(rs, "modified_at"));
	}

	private static Contact mapContact(ResultSet rs, int row) throws SQLException {
		long company = rs.getLong("company_id");
		return new Contact(rs.getLong("id"), rs.wasNull() ? null : company, rs.getString("name"),
				rs.getString("last_name"), rs.getString("post"), list(rs.getString("phones")),
				list(rs.getString("emails")), instant(rs, "modified_at"));
	}

	private static String lines(List<String> values) {
		return (values == null || values.isEmpty()) ? null : String.join("\n", values);
	}

	private static List<String> list(String lines) {
		return (lines == null || lines.isEmpty()) ? List.of() : Arrays.asList(lines.split("\n"));
	}

}
