package ru.visitflow.apidocs;

import java.util.ArrayList;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents each operation's real success answer. The status is the handler's
 * {@link ResponseStatus} (the controllers that answer 201 Created or 204 No Content
 * declare it next to the {@code ResponseEntity} they build, so the code and the document
 * say the same), 200 otherwise: any other 2xx springdoc guessed is dropped, a 201 names
 * its {@code Location} header, a 204 has no body. Bodies are {@code application/json}
 * rather than springdoc's {@code *}{@code /*}, except files ({@code byte[]},
 * {@link Resource}), which are binary of the stored type.
 */
@Component
class SuccessAnswers implements OperationCustomizer {

	static final String JSON = "application/json";

	private static final String ANY = "*/*";

	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		ApiResponses responses = operation.getResponses();
		if (responses == null) {
			responses = new ApiResponses();
			operation.setResponses(responses);
		}
		HttpStatus status = statusOf(handler);
		String code = String.valueOf(status.value());
		ApiResponse success = responses.get(code);
		for (String other : new ArrayList<>(responses.keySet())) {
			if (other.startsWith("2") && !other.equals(code)) {
				ApiResponse guessed = responses.remove(other);
				if (success == null) {
					success = guessed;
				}
			}
		}
		if (success == null) {
			success = new ApiResponse();
		}
		if (success.getDescription() == null || success.getDescription().isBlank()
				|| success.getDescription().equals("OK")) {
			success.setDescription(status.getReasonPhrase());
		}
		if (status == HttpStatus.NO_CONTENT) {
			success.setContent(null);
		}
		else if (isFile(handler)) {
			success.setContent(
					new Content().addMediaType("application/octet-stream", new MediaType().schema(new BinarySchema())));
		}
		else {
			success.setContent(json(success.getContent()));
		}
		if (status == HttpStatus.CREATED
				&& (success.getHeaders() == null || !success.getHeaders().containsKey("Location"))) {
			success.addHeaderObject("Location",
					new Header().description("Where the created resource is read").schema(new StringSchema()));
		}
		responses.addApiResponse(code, success);
		return operation;
	}

	static HttpStatus statusOf(HandlerMethod handler) {
		ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ResponseStatus.class);
		if (declared == null) {
			declared = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), ResponseStatus.class);
		}
		return (declared != null) ? declared.code() : HttpStatus.OK;
	}

	private static boolean isFile(HandlerMethod handler) {
		ResolvableType type = ResolvableType.forMethodReturnType(handler.getMethod());
		if (ResponseEntity.class.isAssignableFrom(type.toClass())) {
			type = type.getGeneric(0);
		}
		Class<?> body = type.toClass();
		return body == byte[].class || Resource.class.isAssignableFrom(body);
	}

	/**
	 * The same schemas under {@code application/json} where springdoc wrote
	 * {@code *}{@code /*}.
	 */
	private static Content json(Content content) {
		if (content == null || !content.containsKey(ANY)) {
			return content;
		}
		Content result = new Content();
		for (Map.Entry<String, MediaType> entry : content.entrySet()) {
			String name = entry.getKey().equals(ANY) ? JSON : entry.getKey();
			result.putIfAbsent(name, entry.getValue());
		}
		return result;
	}

}
