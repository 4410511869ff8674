package ru.visitflow.route;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ru.visitflow.system.EmbeddedPostgres;

/**
 * {@link RouteApiTests} on a real PostgreSQL server (suggestions: positions by box and
 * coverage; the route with its start from the profile).
 */
@DirtiesContext
class RouteApiOnPostgresTests extends RouteApiTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		EmbeddedPostgres.register(registry, "route_api");
	}

}
