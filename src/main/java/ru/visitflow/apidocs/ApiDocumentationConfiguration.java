package ru.visitflow.apidocs;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document people read and tools generate clients from: a real title, HTTP
 * Basic and the browser session as security schemes (so "Try it out" works with a login),
 * and the problem-details answers (400 with the fields at fault, 401, 403, 404, 409)
 * described once and attached to every operation they can come from.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentationConfiguration {

	static final String BASIC = "basicAuth";

	static final String SESSION = "browserSession";

	private static final String PROBLEM = "Problem";

	private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

	@Bean
	OpenAPI visitflowOpenApi(ObjectProvider<BuildProperties> build) {
		BuildProperties properties = build.getIfAvailable();
		String version = (properties != null) ? properties.getVersion() : "dev";
		return new OpenAPI()
			.info(new Info().title("Visitflow API")
				.version(version)
				.description("Visits of field sales reps and their lifecycle (Draft, In work, Repeat visits, Overdue, "
						+ "Completed, Failed, Cancelled), kept in step with Bitrix24. Log in with HTTP Basic (the "
						+ "same accounts as the app and Tasklist) or use the browser session of the app. "
						+ "Reps see and change only their own visits, supervisors their team's. Errors are "
						+ "RFC 9457 problem details; bad input names each field with a code and a reason."))
			.components(new Components()
				.addSecuritySchemes(BASIC,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("basic")
							.description("User name and password of a Visitflow account"))
				.addSecuritySchemes(SESSION,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.COOKIE)
							.name("SESSION")
							.description("The session of a browser logged in to the app; state-changing calls "
									+ "then also need the CSRF token (header X-XSRF-TOKEN)"))
				.addSchemas(PROBLEM, problemSchema()))
			.security(List.of(new SecurityRequirement().addList(BASIC), new SecurityRequirement().addList(SESSION)));
	}

	@Bean
	OpenApiCustomizer problemAnswers() {
		return (openApi) -> {
			// springdoc replaces the schemas given above with those it computed: put the
			// one every answer refers to back
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			if (openApi.getComponents().getSchemas() == null
					|| !openApi.getComponents().getSchemas().containsKey(PROBLEM)) {
				openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			}
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				ApiResponses responses = operation.getResponses();
				if (responses == null) {
					responses = new ApiResponses();
					operation.setResponses(responses);
				}
				boolean changes = method != PathItem.HttpMethod.GET;
				addIfMissing(responses, "401", "Not logged in");
				addIfMissing(responses, "403", "Logged in, but not allowed: another rep's visit, another team, or a "
						+ "role that may not do this");
				if (path.contains("{")) {
					addIfMissing(responses, "404", "No such resource");
				}
				if (changes || hasParameters(operation)) {
					addIfMissing(responses, "400",
							"Bad input: `errors` lists each field with a code and a reason; nothing was changed");
				}
				if (changes) {
					addIfMissing(responses, "409",
							"The resource is not in a state for this (for example, the visit is already closed)");
				}
			}));
		};
	}

	private static boolean hasParameters(Operation operation) {
		return operation.getParameters() != null && !operation.getParameters().isEmpty();
	}

	private static void addIfMissing(ApiResponses responses, String status, String description) {
		if (responses.containsKey(status)) {
			return;
		}
		Schema<?> problem = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
		responses.addApiResponse(status, new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_MEDIA_TYPE, new MediaType().schema(problem))));
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		ObjectSchema fieldProblem = new ObjectSchema();
		fieldProblem.setProperties(
				Map.of("field", new StringSchema().example("plannedStart"), "code", new StringSchema().example("range"),
						"reason", new StringSchema().example("must be within ten years of today")));
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details");
		problem.addProperty("type", new StringSchema().example("about:blank"));
		problem.addProperty("title", new StringSchema().example("Bad Request"));
		problem.addProperty("status", new IntegerSchema().example(400));
		problem.addProperty("detail", new StringSchema().example("The request has invalid fields"));
		problem.addProperty("instance", new StringSchema().example("/api/visits"));
		problem.addProperty("errors", new ArraySchema().items(fieldProblem));
		return problem;
	}

}
