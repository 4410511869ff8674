package ru.visitflow.webapps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the bare {@code /engine-rest} root (which Camunda's REST API leaves as a 404)
 * with where to go: the engine list, the main collections and the documentation. It holds
 * links only, no data.
 */
class EngineRestIndexFilter extends OncePerRequestFilter {

	private static final String INDEX = """
			{"name":"Camunda 7 REST API of Visitflow","authentication":"HTTP Basic, the same accounts as the app",\
			"links":{"engines":"/engine-rest/engine","processDefinitions":"/engine-rest/process-definition",\
			"tasks":"/engine-rest/task","processInstances":"/engine-rest/process-instance",\
			"documentation":"https://docs.camunda.org/rest/camunda-bpm-platform/7.24/"}}""";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !("GET".equals(request.getMethod()) && ("/engine-rest".equals(path) || "/engine-rest/".equals(path)));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(INDEX);
	}

}
