package ru.visitflow.idempotency;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Documents the {@code Idempotency-Key} header on every state-changing operation of the
 * API.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyOpenApi {

	@Bean
	OpenApiCustomizer idempotencyKeyHeader() {
		return (openApi) -> {
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().values().forEach((PathItem item) -> {
				document(item.getPost());
				document(item.getPut());
				document(item.getPatch());
				document(item.getDelete());
			});
		};
	}

	private static void document(Operation operation) {
		if (operation == null || (operation.getParameters() != null && operation.getParameters()
			.stream()
			.anyMatch((p) -> IdempotencyFilter.HEADER.equalsIgnoreCase(p.getName())))) {
			return;
		}
		operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER)
			.required(false)
			.description("Made by the client for each new request (a UUID). The same key again returns the first "
					+ "answer (header Idempotent-Replayed: true) without applying the request twice; the same key "
					+ "with another method, path or body answers 422; while the first is still running, 409. Kept 7 days.")
			.schema(new StringSchema().maxLength(255)));
	}

}
