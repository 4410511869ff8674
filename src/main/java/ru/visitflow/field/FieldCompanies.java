package ru.visitflow.field;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finding a company for an unplanned visit, read from the company mirror: by name,
 * address or INN (from the company's requisite; digits typed match its start), or those
 * nearest to the rep.
 */
@Repository
class FieldCompanies {

	private final JdbcClient jdbc;

	FieldCompanies(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A company as the picker shows it; {@code distanceMeters} only when sorted by
	 * distance.
	 */
	record Pick(long id, String title, String address, Double latitude, Double longitude, Double distanceMeters,
			String inn) {
	}

	List<Pick> search(String text, int limit) {
		String pattern = "%" + text.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%";
		String digits = text.replaceAll("[^0-9]", "");
		// an INN is 10 or 12 digits: from 4 typed digits on, its start is enough
		String innPattern = (digits.length() >= 4 && digits.length() <= 12) ? digits + "%" : "-";
		return this.jdbc.sql("""
				select id, title, address, city, latitude, longitude, inn from company
				where lower(title) like ? or lower(coalesce(address, '')) like ? or cast(id as varchar(20)) = ?
				  or inn like ?
				order by case when inn like ? then 0 else 1 end, title limit ?
				""")
			.params(pattern, pattern, text.trim(), innPattern, innPattern, limit)
			.query((rs, row) -> pick(rs, null))
			.list();
	}

	List<Pick> nearby(double latitude, double longitude, int limit) {
		// a box of about 20 km narrows the scan; distances are then exact
		double dLat = 0.2;
		double dLon = 0.2 / Math.max(0.1, Math.cos(Math.toRadians(latitude)));
		return this.jdbc.sql("""
				select id, title, address, city, latitude, longitude, inn from company
				where latitude between ? and ? and longitude between ? and ?
				""")
			.params(latitude - dLat, latitude + dLat, longitude - dLon, longitude + dLon)
			.query((rs, row) -> pick(rs, null))
			.list()
			.stream()
			.map((p) -> new Pick(p.id(), p.title(), p.address(), p.latitude(), p.longitude(),
					Geo.distanceMeters(latitude, longitude, p.latitude(), p.longitude()), p.inn()))
			.sorted(Comparator.comparingDouble(Pick::distanceMeters))
			.limit(limit)
			.toList();
	}

	private static Pick pick(ResultSet rs, Double distance) throws SQLException {
		double lat = rs.getDouble("latitude");
		Double latitude = rs.wasNull() ? null : lat;
		double lon = rs.getDouble("longitude");
		Double longitude = rs.wasNull() ? null : lon;
		String address = rs.getString("address");
		String city = rs.getString("city");
		String full = (address == null) ? city
				: (city == null || address.contains(city)) ? address : city + ", " + address;
		return new Pick(rs.getLong("id"), rs.getString("title"), full, latitude, longitude, distance,
				rs.getString("inn"));
	}

}
