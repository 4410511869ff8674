package ru.visitflow.apidocs;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api}: where the API's documentation and its main collections are, for
 * people trying it with curl.
 */
@RestController
@Hidden
class ApiIndexController {

	@GetMapping({ "/api", "/api/" })
	Map<String, Object> index() {
		Map<String, Object> links = new LinkedHashMap<>();
		links.put("openapi", "/v3/api-docs");
		links.put("documentation", "/swagger-ui.html");
		links.put("visits", "/api/visits");
		links.put("visitTypes", "/api/visit-types");
		links.put("me", "/api/me");
		links.put("camundaRest", "/engine-rest/engine");
		Map<String, Object> index = new LinkedHashMap<>();
		index.put("name", "Visitflow API");
		index.put("links", links);
		return index;
	}

}
