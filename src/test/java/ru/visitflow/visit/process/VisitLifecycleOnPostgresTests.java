package ru.visitflow.visit.process;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import ru.visitflow.system.EmbeddedPostgres;

/**
 * Every lifecycle path again, with the engine and the read model on a real PostgreSQL
 * server. The context closes after the class, while the server still runs, so the engine
 * shuts down cleanly.
 */
@DirtiesContext
class VisitLifecycleOnPostgresTests extends VisitLifecycleProcessTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry, "lifecycle");
	}

	@Autowired
	private DataSource dataSource;

	@Test
	void runsOnPostgres() throws Exception {
		try (var connection = this.dataSource.getConnection()) {
			assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
		}
	}

}
