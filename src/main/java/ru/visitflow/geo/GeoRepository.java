package ru.visitflow.geo;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Positions, the geocoder cache, the geocoding queue and location proposals (opening
 * hours are in the company mirror, see {@code CompanyOpeningHours}).
 */
@Repository
class GeoRepository {

	private final JdbcClient jdbc;

	GeoRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// ---- positions ----

	Optional<Position> storedPosition(long companyId) {
		return this.jdbc.sql("select * from geo_position where company_id = ?")
			.param(companyId)
			.query(GeoRepository::position)
			.optional();
	}

	/**
	 * The Bitrix24 field's coordinates as mirrored; empty when the company has none or is
	 * unknown.
	 */
	Optional<Position> mirroredPosition(long companyId) {
		return this.jdbc.sql(
				"select id, latitude, longitude, synced_at from company where id = ? and latitude is not null and longitude is not null")
			.param(companyId)
			.query((rs, row) -> new Position(rs.getLong("id"), rs.getDouble("latitude"), rs.getDouble("longitude"),
					CoordinateSource.BITRIX24, instant(rs, "synced_at"), null))
			.optional();
	}

	/**
	 * Companies with a position in a box, as {@link CompanyPositions#of(long)} would give
	 * it (a pin set by hand wins over the Bitrix24 field, which wins over a geocoder).
	 */
	List<Position> positionsWithin(double south, double west, double north, double east) {
		return this.jdbc.sql("""
				select c.id, c.latitude c_lat, c.longitude c_lon, c.synced_at, g.latitude g_lat, g.longitude g_lon,
				  g.source, g.updated_at, g.updated_by
				from company c left join geo_position g on g.company_id = c.id
				where (c.latitude between ? and ? and c.longitude between ? and ?)
				   or (g.latitude between ? and ? and g.longitude between ? and ?)
				""").params(south, north, west, east, south, north, west, east).query((rs, row) -> {
			String source = rs.getString("source");
			double mirroredLatitude = rs.getDouble("c_lat");
			boolean mirrored = !rs.wasNull() && rs.getObject("c_lon") != null;
			if (source != null && (CoordinateSource.valueOf(source).isByHand() || !mirrored)) {
				return new Position(rs.getLong("id"), rs.getDouble("g_lat"), rs.getDouble("g_lon"),
						CoordinateSource.valueOf(source), instant(rs, "updated_at"), rs.getString("updated_by"));
			}
			return new Position(rs.getLong("id"), mirroredLatitude, rs.getDouble("c_lon"), CoordinateSource.BITRIX24,
					instant(rs, "synced_at"), null);
		})
			.list()
			.stream()
			.filter((p) -> p.latitude() >= south && p.latitude() <= north && p.longitude() >= west
					&& p.longitude() <= east)
			.toList();
	}

	void savePosition(Position position, Double accuracy, boolean bitrix24Written) {
		Object[] values = { position.latitude(), position.longitude(), position.source().name(), accuracy,
				utc(position.updatedAt()), position.updatedBy(), bitrix24Written, position.companyId() };
		int updated = this.jdbc
			.sql("""
					update geo_position set latitude = ?, longitude = ?, source = ?, accuracy_m = ?, updated_at = ?, updated_by = ?,
					  bitrix24_written = ?, bitrix24_error = null
					where company_id = ?
					""")
			.params(values)
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("""
						insert into geo_position (latitude, longitude, source, accuracy_m, updated_at, updated_by, bitrix24_written,
						  company_id)
						values (?, ?, ?, ?, ?, ?, ?, ?)
						""")
				.params(values)
				.update();
		}
	}

	void markWritten(long companyId, double latitude, double longitude, String error) {
		this.jdbc.sql("""
				update geo_position set bitrix24_written = ?, bitrix24_error = ?
				where company_id = ? and latitude = ? and longitude = ?
				""").params(error == null, error, companyId, latitude, longitude).update();
	}

	List<Position> unwrittenPins(int limit) {
		return this.jdbc.sql("""
				select * from geo_position where bitrix24_written = false and source in ('MANUAL', 'CHECK_IN')
				order by updated_at limit ?
				""").param(limit).query(GeoRepository::position).list();
	}

	// ---- cache ----

	Optional<GeocodeResult> cached(String key) {
		return this.jdbc.sql("select * from geocode_cache where address_key = ?")
			.param(key)
			.query((rs,
					row) -> rs.getBoolean("found") ? GeocodeResult.of(rs.getDouble("latitude"),
							rs.getDouble("longitude"), rs.getString("display_name")) : GeocodeResult.notFound())
			.optional();
	}

	void cache(String key, String address, GeocodeResult result, String provider, Instant now) {
		this.jdbc.sql("delete from geocode_cache where address_key = ?").param(key).update();
		this.jdbc
			.sql("""
					insert into geocode_cache (address_key, address, found, latitude, longitude, display_name, provider, created_at)
					values (?, ?, ?, ?, ?, ?, ?, ?)
					""")
			.params(key, cut(address, 1000), result.found(), result.latitude(), result.longitude(),
					cut(result.displayName(), 1000), provider, utc(now))
			.update();
	}

	// ---- queue ----

	/**
	 * Companies with an address and no coordinates from any source, not queued yet for
	 * that address.
	 */
	List<CompanyAddress> companiesToGeocode() {
		return this.jdbc.sql("""
				select c.id, c.address, c.city, c.region, c.postal_code, c.country, t.address_key
				from company c
				left join geo_position p on p.company_id = c.id
				left join geocode_task t on t.company_id = c.id
				where (c.latitude is null or c.longitude is null) and p.company_id is null
				  and (c.address is not null or c.city is not null)
				order by c.id
				""")
			.query((rs, row) -> new CompanyAddress(rs.getLong("id"),
					Addresses.oneLine(rs.getString("address"), rs.getString("city"), rs.getString("region"),
							rs.getString("postal_code"), rs.getString("country")),
					rs.getString("address_key")))
			.list();
	}

	void enqueue(long companyId, String address, String key, Instant now) {
		this.jdbc.sql("delete from geocode_task where company_id = ?").param(companyId).update();
		this.jdbc
			.sql("""
					insert into geocode_task (company_id, address, address_key, status, attempts, next_attempt_at, updated_at)
					values (?, ?, ?, 'PENDING', 0, ?, ?)
					""")
			.params(companyId, cut(address, 1000), cut(key, 1000), utc(now), utc(now))
			.update();
	}

	Optional<GeocodeTask> nextDue(Instant now) {
		return this.jdbc.sql("""
				select * from geocode_task where status = 'PENDING' and next_attempt_at <= ?
				order by next_attempt_at, company_id limit 1
				""").param(utc(now)).query(GeoRepository::task).optional();
	}

	void finishTask(long companyId, String status, String error, Instant now) {
		this.jdbc.sql("update geocode_task set status = ?, last_error = ?, updated_at = ? where company_id = ?")
			.params(status, cut(error, 500), utc(now), companyId)
			.update();
	}

	void retryTask(long companyId, int attempts, Instant next, String error, Instant now) {
		this.jdbc
			.sql("""
					update geocode_task set attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? where company_id = ?
					""")
			.params(attempts, utc(next), cut(error, 500), utc(now), companyId)
			.update();
	}

	List<Object[]> taskCounts() {
		return this.jdbc.sql("select status, count(*) from geocode_task group by status")
			.query((rs, row) -> new Object[] { rs.getString(1), rs.getLong(2) })
			.list();
	}

	List<GeocodingProgress.Failure> failures(int limit) {
		return this.jdbc.sql("""
				select t.company_id, c.title, t.address, t.last_error, t.updated_at
				from geocode_task t left join company c on c.id = t.company_id
				where t.status in ('FAILED', 'NOT_FOUND') order by t.updated_at desc, t.company_id limit ?
				""")
			.param(limit)
			.query((rs, row) -> new GeocodingProgress.Failure(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getString(4), instant(rs, "updated_at")))
			.list();
	}

	// ---- proposals ----

	long propose(long companyId, double latitude, double longitude, double accuracy, String visitId, Instant now) {
		this.jdbc
			.sql("""
					insert into location_proposal (company_id, latitude, longitude, accuracy_m, visit_id, proposed_at, status)
					values (?, ?, ?, ?, ?, ?, 'PENDING')
					""")
			.params(companyId, latitude, longitude, accuracy, visitId, utc(now))
			.update();
		return this.jdbc.sql("select max(id) from location_proposal where company_id = ?")
			.param(companyId)
			.query(Long.class)
			.single();
	}

	Optional<LocationProposal> proposal(long id) {
		return this.jdbc.sql(PROPOSAL_SELECT + " where p.id = ?").param(id).query(GeoRepository::proposal).optional();
	}

	List<LocationProposal> pendingProposals() {
		return this.jdbc.sql(PROPOSAL_SELECT + " where p.status = 'PENDING' order by p.proposed_at, p.id")
			.query(GeoRepository::proposal)
			.list();
	}

	/** Decides a pending proposal; false when it was decided meanwhile. */
	boolean decide(long id, String status, String by, Instant now) {
		return this.jdbc
			.sql("""
					update location_proposal set status = ?, decided_by = ?, decided_at = ? where id = ? and status = 'PENDING'
					""")
			.params(status, by, utc(now), id)
			.update() == 1;
	}

	private static final String PROPOSAL_SELECT = """
			select p.*, c.title, c.assigned_by_id from location_proposal p left join company c on c.id = p.company_id
			""";

	/**
	 * The company's Bitrix24 owner, to check who may act on it; empty for an unknown or
	 * unassigned company.
	 */
	Optional<Long> ownerOf(long companyId) {
		return this.jdbc.sql("select assigned_by_id from company where id = ? and assigned_by_id is not null")
			.param(companyId)
			.query(Long.class)
			.optional();
	}

	boolean companyExists(long companyId) {
		return this.jdbc.sql("select count(*) from company where id = ?")
			.param(companyId)
			.query(Long.class)
			.single() > 0;
	}

	// ---- mapping ----

	private static Position position(ResultSet rs, int row) throws SQLException {
		return new Position(rs.getLong("company_id"), rs.getDouble("latitude"), rs.getDouble("longitude"),
				CoordinateSource.valueOf(rs.getString("source")), instant(rs, "updated_at"),
				rs.getString("updated_by"));
	}

	private static GeocodeTask task(ResultSet rs, int row) throws SQLException {
		return new GeocodeTask(rs.getLong("company_id"), rs.getString("address"), rs.getString("address_key"),
				rs.getInt("attempts"));
	}

	private static LocationProposal proposal(ResultSet rs, int row) throws SQLException {
		long owner = rs.getLong("assigned_by_id");
		Long ownerId = rs.wasNull() ? null : owner;
		return new LocationProposal(rs.getLong("id"), rs.getLong("company_id"), rs.getString("title"), ownerId,
				rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getDouble("accuracy_m"),
				rs.getString("visit_id"), instant(rs, "proposed_at"),
				LocationProposal.Status.valueOf(rs.getString("status")), rs.getString("decided_by"),
				instant(rs, "decided_at"));
	}

	private static String cut(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

	record CompanyAddress(long companyId, String address, String queuedKey) {
	}

	record GeocodeTask(long companyId, String address, String addressKey, int attempts) {
	}

}
