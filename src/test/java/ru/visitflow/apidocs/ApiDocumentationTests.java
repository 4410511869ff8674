package ru.visitflow.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The OpenAPI document as clients read it from {@code GET /v3/api-docs}: title, security
 * schemes, each operation's real success code, the problem answers, required fields,
 * examples and the accepted forms of a visit time.
 */
@SpringBootTest
@ActiveProfiles("test")
@AutoConfigureMockMvc
class ApiDocumentationTests {

	private static final String PROBLEM_REF = "#/components/schemas/Problem";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ObjectMapper json;

	private JsonNode document;

	@BeforeEach
	void readTheDocument() throws Exception {
		// any logged-in user reads the document
		String body = this.mvc.perform(get("/v3/api-docs").with(user("reader").roles("REP")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/api-docs.json"), body);
		this.document = this.json.readTree(body);
	}

	@Test
	void hasATitleAndBothSecuritySchemes() {
		assertThat(this.document.at("/info/title").asText()).isEqualTo("Visitflow API");
		JsonNode schemes = this.document.at("/components/securitySchemes");
		assertThat(schemes.at("/basicAuth/type").asText()).isEqualTo("http");
		assertThat(schemes.at("/basicAuth/scheme").asText()).isEqualTo("basic");
		assertThat(schemes.at("/browserSession/type").asText()).isEqualTo("apiKey");
		assertThat(schemes.at("/browserSession/in").asText()).isEqualTo("cookie");
		assertThat(schemes.at("/browserSession/name").asText()).isEqualTo("SESSION");
	}

	@Test
	void planningAVisitAnswers201OrAProblem() {
		JsonNode responses = this.document.at("/paths/~1api~1visits/post/responses");
		assertThat(responses.has("201")).isTrue();
		assertThat(responses.has("200")).isFalse();
		assertThat(responses.at("/201/content/application~1json/schema/$ref").asText())
			.isEqualTo("#/components/schemas/VisitResponse");
		assertThat(responses.at("/201/headers/Location").isMissingNode()).isFalse();
		assertThat(responses.at("/400/content/application~1problem+json/schema/$ref").asText()).isEqualTo(PROBLEM_REF);
		assertThat(this.document.at("/components/schemas/Problem/properties/errors/items/properties").has("field"))
			.isTrue();
	}

	@Test
	void everyOperationDocumentsItsRealSuccessCode() {
		Map<String, String> expected = Map.ofEntries(Map.entry("post /api/visits", "201"),
				Map.entry("post /api/visits/unplanned", "201"),
				Map.entry("post /api/visits/{visitId}/attachments", "201"),
				Map.entry("post /api/visits/{id}/bitrix24-tasks", "201"), Map.entry("post /api/plans", "201"),
				Map.entry("post /api/plans/{id}/requests", "201"),
				Map.entry("post /api/field/visits/{id}/check-in", "201"),
				Map.entry("post /api/field/visits/{id}/check-out", "201"),
				Map.entry("post /api/field/visits/unplanned", "201"),
				Map.entry("post /api/map/companies/{id}/visits", "201"),
				Map.entry("delete /api/plans/{id}/requests/{requestId}", "204"),
				Map.entry("post /api/map/proposals/{id}/reject", "204"),
				Map.entry("put /api/routes/start-point", "204"), Map.entry("post /api/visits/{id}/reschedule", "200"),
				Map.entry("get /api/visits", "200"));
		Map<String, List<String>> successes = new HashMap<>();
		operations().forEach((name, operation) -> {
			List<String> codes = new ArrayList<>();
			operation.path("responses").fieldNames().forEachRemaining((code) -> {
				if (code.startsWith("2")) {
					codes.add(code);
				}
			});
			successes.put(name, codes);
		});
		expected.forEach((name, code) -> assertThat(successes.get(name)).as(name).containsExactly(code));
		assertThat(successes).allSatisfy((name, codes) -> assertThat(codes).as(name).hasSize(1));
		JsonNode noContent = this.document.at("/paths/~1api~1plans~1{id}~1requests~1{requestId}/delete/responses/204");
		assertThat(noContent.has("content")).isFalse();
	}

	@Test
	void bodiesAreJsonAndFilesBinary() {
		operations().forEach((name, operation) -> operation.path("responses").fields().forEachRemaining((entry) -> {
			assertThat(entry.getValue().path("content").has("*/*")).as(name + " " + entry.getKey()).isFalse();
		}));
		JsonNode file = this.document
			.at("/paths/~1api~1visits~1{visitId}~1attachments~1{attachmentId}/get/responses/200/content");
		assertThat(file.at("/application~1octet-stream/schema/format").asText()).isEqualTo("binary");
	}

	@Test
	void everyOperationHasItsProblemAnswers() {
		operations().forEach((name, operation) -> {
			JsonNode responses = operation.path("responses");
			List<String> needed = new ArrayList<>(List.of("401", "403"));
			if (!name.startsWith("get ")) {
				needed.addAll(List.of("400", "409"));
			}
			for (String code : needed) {
				assertThat(responses.at("/" + code + "/content/application~1problem+json/schema/$ref").asText())
					.as(name + " " + code)
					.isEqualTo(PROBLEM_REF);
			}
		});
	}

	@Test
	void theMainRequestsListTheirRequiredFieldsAndHaveExamples() {
		JsonNode schemas = this.document.at("/components/schemas");
		assertThat(texts(schemas.at("/CreateVisit/required"))).containsExactlyInAnyOrder("companyId", "visitType",
				"plannedStart");
		assertThat(texts(schemas.at("/UnplannedVisit/required"))).containsExactlyInAnyOrder("companyId", "visitType");
		assertThat(texts(schemas.at("/Reschedule/required"))).containsExactly("plannedStart");
		assertThat(texts(schemas.at("/Cancel/required"))).containsExactly("reason");
		assertThat(texts(schemas.at("/Result/required"))).containsExactly("outcome");
		assertThat(texts(schemas.at("/ProfileChange/required"))).containsExactly("timeZone");
		for (String name : List.of("CreateVisit", "UnplannedVisit", "Reschedule", "Cancel", "Result", "CardChange",
				"ContactChange", "ProfileChange")) {
			assertThat(schemas.path(name).path("example").isObject()).as(name + " example").isTrue();
		}
		assertThat(schemas.at("/CreateVisit/example/plannedStart").asText()).isEqualTo("2026-12-08T10:00");
		assertThat(schemas.at("/CreateVisit/properties/companyId/example").asLong()).isEqualTo(101);
		assertThat(this.document.at("/paths/~1api~1visits/post/requestBody/content/application~1json/schema/$ref")
			.asText()).isEqualTo("#/components/schemas/CreateVisit");
	}

	@Test
	void everyJsonRequestBodyHasAnExample() {
		List<String> without = new ArrayList<>();
		operations().forEach((name, operation) -> {
			JsonNode schema = operation.at("/requestBody/content/application~1json/schema");
			if (schema.isMissingNode() || name.equals("put /api/map/companies/{id}/opening-hours")) {
				return; // file uploads are multipart; opening hours are a free-form map
			}
			JsonNode target = schema.has("items") ? schema.get("items") : schema;
			if (target.has("$ref")) {
				target = this.document.at(target.get("$ref").asText().substring(1));
			}
			if (!target.path("example").isObject()) {
				without.add(name);
			}
		});
		assertThat(without).as("JSON request bodies without an example").isEmpty();
	}

	@Test
	void visitTimesNameTheirThreeForms() {
		JsonNode schemas = this.document.at("/components/schemas");
		for (String field : List.of("/CreateVisit/properties/plannedStart", "/Reschedule/properties/plannedStart",
				"/Result/properties/nextVisitStart")) {
			String description = schemas.at(field + "/description").asText();
			assertThat(description).as(field)
				.contains("with an offset", "2026-12-08T10:00+03:00", "local date-time", "rep's time zone", "bare date",
						"default visit time", "ten years");
		}
	}

	private Map<String, JsonNode> operations() {
		Map<String, JsonNode> operations = new LinkedHashMap<>();
		this.document.path("paths")
			.fields()
			.forEachRemaining((path) -> path.getValue()
				.fields()
				.forEachRemaining(
						(method) -> operations.put(method.getKey() + " " + path.getKey(), method.getValue())));
		assertThat(operations).hasSizeGreaterThan(20);
		return operations;
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asText()));
		return texts;
	}

}
