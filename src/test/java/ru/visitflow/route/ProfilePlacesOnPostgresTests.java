package ru.visitflow.route;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ru.visitflow.system.EmbeddedPostgres;

/**
 * {@link ProfilePlacesTests} on a real PostgreSQL server (migration V90, the profile's
 * places, positions by box and coverage for suggestions).
 */
@DirtiesContext
class ProfilePlacesOnPostgresTests extends ProfilePlacesTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry, "route_places");
	}

}
