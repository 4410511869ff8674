package ru.visitflow.field;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FieldCheckRepository {

	private final JdbcClient jdbc;

	private final CheckFigures figures;

	FieldCheckRepository(JdbcClient jdbc, CheckFigures figures) {
		this.jdbc = jdbc;
		this.figures = figures;
	}

	void insert(FieldCheck check) {
		this.jdbc.sql("""
				insert into field_check (id, visit_id, kind, rep_id, company_id, latitude, longitude, accuracy_m,
				  position_time, device_time, server_time, distance_m, grade, flags, location_proposed, error)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				""")
			.params(check.id(), check.visitId(), check.kind().name(), check.repId(), check.companyId(),
					check.latitude(), check.longitude(), check.accuracyMeters(), utc(check.positionTime()),
					utc(check.deviceTime()), utc(check.serverTime()), check.distanceMeters(), check.grade().name(),
					check.flags().isEmpty() ? null
							: check.flags().stream().map(Enum::name).collect(Collectors.joining(",")),
					check.locationProposed(), check.error())
			.update();
		this.figures.counted(check.id());
	}

	List<FieldCheck> ofVisit(UUID visitId) {
		return this.jdbc.sql("select * from field_check where visit_id = ? order by server_time, kind")
			.param(visitId)
			.query(FieldCheckRepository::map)
			.list();
	}

	Optional<FieldCheck> find(UUID visitId, CheckKind kind) {
		return this.jdbc.sql("select * from field_check where visit_id = ? and kind = ?")
			.params(visitId, kind.name())
			.query(FieldCheckRepository::map)
			.optional();
	}

	/** The rep's latest checks with a position, newest first. */
	List<FieldCheck> recentWithPosition(String repId, int limit) {
		return this.jdbc.sql("""
				select * from field_check where rep_id = ? and latitude is not null
				order by coalesce(position_time, device_time, server_time) desc limit ?
				""").params(repId, limit).query(FieldCheckRepository::map).list();
	}

	boolean locationProposedFor(long companyId) {
		return this.jdbc.sql("select count(*) from field_check where company_id = ? and location_proposed = true")
			.param(companyId)
			.query(Long.class)
			.single() > 0;
	}

	/** The rep's check-ins between two instants (server time). */
	List<FieldCheck> checkInsOf(String repId, Instant from, Instant to) {
		return this.jdbc
			.sql("""
					select * from field_check where rep_id = ? and kind = 'CHECK_IN' and server_time >= ? and server_time < ?
					""")
			.params(repId, utc(from), utc(to))
			.query(FieldCheckRepository::map)
			.list();
	}

	private static FieldCheck map(ResultSet rs, int row) throws SQLException {
		String flags = rs.getString("flags");
		Set<ForgeryFlag> parsed = EnumSet.noneOf(ForgeryFlag.class);
		if (flags != null && !flags.isBlank()) {
			Arrays.stream(flags.split(",")).map(ForgeryFlag::valueOf).forEach(parsed::add);
		}
		return new FieldCheck(rs.getObject("id", UUID.class), rs.getObject("visit_id", UUID.class),
				CheckKind.valueOf(rs.getString("kind")), rs.getString("rep_id"), rs.getLong("company_id"),
				doubleOrNull(rs, "latitude"), doubleOrNull(rs, "longitude"), doubleOrNull(rs, "accuracy_m"),
				instant(rs, "position_time"), instant(rs, "device_time"), instant(rs, "server_time"),
				doubleOrNull(rs, "distance_m"), CheckGrade.valueOf(rs.getString("grade")), parsed,
				rs.getBoolean("location_proposed"), rs.getString("error"));
	}

	private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

}
