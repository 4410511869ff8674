package ru.visitflow.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserProfileRepository {

	private final JdbcClient jdbc;

	UserProfileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<UserProfile> find(String userId) {
		return this.jdbc.sql("select * from user_profile where user_id = ?")
			.param(userId)
			.query(UserProfileRepository::map)
			.optional();
	}

	Optional<UserProfile> findByBitrix24UserId(long bitrix24UserId) {
		return this.jdbc.sql("select * from user_profile where bitrix24_user_id = ? order by user_id")
			.param(bitrix24UserId)
			.query(UserProfileRepository::map)
			.list()
			.stream()
			.findFirst();
	}

	List<UserProfile> all() {
		return this.jdbc.sql("select * from user_profile order by user_id").query(UserProfileRepository::map).list();
	}

	List<String> teamOf(String supervisorId) {
		return this.jdbc.sql("select user_id from user_profile where supervisor_id = ? order by user_id")
			.param(supervisorId)
			.query(String.class)
			.list();
	}

	void save(UserProfile profile) {
		int updated = this.jdbc.sql(
				"update user_profile set bitrix24_user_id = ?, time_zone = ?, supervisor_id = ?, region = ? where user_id = ?")
			.params(profile.bitrix24UserId(), profile.timeZone().getId(), profile.supervisorId(), profile.region(),
					profile.userId())
			.update();
		if (updated == 0) {
			this.jdbc.sql(
					"insert into user_profile (user_id, bitrix24_user_id, time_zone, supervisor_id, region) values (?, ?, ?, ?, ?)")
				.params(profile.userId(), profile.bitrix24UserId(), profile.timeZone().getId(), profile.supervisorId(),
						profile.region())
				.update();
		}
	}

	Optional<UserPlaces> places(String userId) {
		return this.jdbc.sql("""
				select office_latitude, office_longitude, office_address, home_latitude, home_longitude, home_address,
				  route_start, route_end
				from user_profile where user_id = ?
				""").param(userId).query((rs, row) -> {
			String start = rs.getString("route_start");
			String end = rs.getString("route_end");
			return new UserPlaces(place(rs, "office"), place(rs, "home"),
					(start != null) ? UserPlaces.Kind.valueOf(start) : null,
					(end != null) ? UserPlaces.Kind.valueOf(end) : null);
		}).optional();
	}

	/**
	 * Saves a user's places; a user without a profile gets one in the default time zone.
	 */
	void savePlaces(String userId, UserPlaces places, ZoneId defaultZone) {
		UserPlaces.Place office = places.office();
		UserPlaces.Place home = places.home();
		Object[] values = { (office != null) ? office.latitude() : null, (office != null) ? office.longitude() : null,
				(office != null) ? office.address() : null, (home != null) ? home.latitude() : null,
				(home != null) ? home.longitude() : null, (home != null) ? home.address() : null,
				(places.routeStart() != null) ? places.routeStart().name() : null,
				(places.routeEnd() != null) ? places.routeEnd().name() : null, userId };
		String update = """
				update user_profile set office_latitude = ?, office_longitude = ?, office_address = ?, home_latitude = ?,
				  home_longitude = ?, home_address = ?, route_start = ?, route_end = ?
				where user_id = ?
				""";
		if (this.jdbc.sql(update).params(values).update() == 0) {
			this.jdbc.sql("insert into user_profile (user_id, time_zone) values (?, ?)")
				.params(userId, defaultZone.getId())
				.update();
			this.jdbc.sql(update).params(values).update();
		}
	}

	private static UserPlaces.Place place(ResultSet rs, String prefix) throws SQLException {
		double latitude = rs.getDouble(prefix + "_latitude");
		if (rs.wasNull()) {
			return null;
		}
		return new UserPlaces.Place(latitude, rs.getDouble(prefix + "_longitude"), rs.getString(prefix + "_address"));
	}

	private static UserProfile map(ResultSet rs, int row) throws SQLException {
		long b24 = rs.getLong("bitrix24_user_id");
		return new UserProfile(rs.getString("user_id"), rs.wasNull() ? null : b24, ZoneId.of(rs.getString("time_zone")),
				rs.getString("supervisor_id"), rs.getString("region"));
	}

}
