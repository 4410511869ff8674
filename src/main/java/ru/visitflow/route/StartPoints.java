package ru.visitflow.route;

import static ru.visitflow.system.Rows.utc;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Where each rep's day starts and ends (office or home). */
@Repository
class StartPoints {

	private final JdbcClient jdbc;

	StartPoints(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<GeoPoint> of(String userId) {
		return this.jdbc.sql("select latitude, longitude from route_start_point where user_id = ?")
			.param(userId)
			.query((rs, row) -> new GeoPoint(rs.getDouble(1), rs.getDouble(2)))
			.optional();
	}

	void save(String userId, GeoPoint point, String label, Instant now) {
		this.jdbc.sql("delete from route_start_point where user_id = ?").param(userId).update();
		this.jdbc.sql(
				"insert into route_start_point (user_id, latitude, longitude, label, updated_at) values (?, ?, ?, ?, ?)")
			.params(userId, point.latitude(), point.longitude(), label, utc(now))
			.update();
	}

}
