package ru.visitflow.map;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ru.visitflow.system.EmbeddedPostgres;

/**
 * {@link MarkerBenchmark} on a real PostgreSQL server (run as an unprivileged user:
 * PostgreSQL refuses root).
 */
@DirtiesContext
class MarkerOnPostgresBenchmark extends MarkerBenchmark {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry, "markers");
	}

}
