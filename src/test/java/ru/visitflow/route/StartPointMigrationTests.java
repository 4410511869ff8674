package ru.visitflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V90 moves the route's start points into the profiles: a rep with a profile keeps their
 * time zone and gains the office, one without gets a profile in the default zone, and the
 * old table is gone.
 */
class StartPointMigrationTests {

	@Test
	void startPointsBecomeTheProfilesOffice() {
		JdbcDataSource db = new JdbcDataSource();
		db.setURL("jdbc:h2:mem:startpoints" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		JdbcTemplate jdbc = new JdbcTemplate(db);
		// the schema just before V90 (whichever migration comes last before it)
		String before = Arrays
			.stream(Flyway.configure().dataSource(db).locations("classpath:db/migration").load().info().all())
			.map(MigrationInfo::getVersion)
			.filter((version) -> version.compareTo(MigrationVersion.fromVersion("90")) < 0)
			.max(Comparator.naturalOrder())
			.orElseThrow()
			.getVersion();
		Flyway.configure().dataSource(db).locations("classpath:db/migration").target(before).load().migrate();
		jdbc.update("insert into user_profile (user_id, time_zone) values ('withprofile', 'Asia/Yekaterinburg')");
		jdbc.update("insert into route_start_point (user_id, latitude, longitude, label, updated_at) "
				+ "values ('withprofile', 56.83, 60.60, 'Офис на Ленина', current_timestamp)");
		jdbc.update("insert into route_start_point (user_id, latitude, longitude, label, updated_at) "
				+ "values ('noprofile', 55.75, 37.61, null, current_timestamp)");
		Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
		Map<String, Object> with = jdbc.queryForMap("select * from user_profile where user_id = 'withprofile'");
		assertThat(with.get("TIME_ZONE")).isEqualTo("Asia/Yekaterinburg");
		assertThat(((Number) with.get("OFFICE_LATITUDE")).doubleValue()).isEqualTo(56.83);
		assertThat(((Number) with.get("OFFICE_LONGITUDE")).doubleValue()).isEqualTo(60.60);
		assertThat(with.get("OFFICE_ADDRESS")).isEqualTo("Офис на Ленина");
		assertThat(with.get("HOME_LATITUDE")).isNull();
		Map<String, Object> without = jdbc.queryForMap("select * from user_profile where user_id = 'noprofile'");
		assertThat(without.get("TIME_ZONE")).isEqualTo("Europe/Moscow");
		assertThat(((Number) without.get("OFFICE_LATITUDE")).doubleValue()).isEqualTo(55.75);
		assertThat(jdbc.queryForObject(
				"select count(*) from information_schema.tables where lower(table_name) = 'route_start_point'",
				Long.class))
			.isZero();
	}

}
