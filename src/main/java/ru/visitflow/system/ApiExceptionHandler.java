package ru.visitflow.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as RFC 9457 problem details (pages get the error page instead). Bad
 * input names the field and the reason and never shows a stack trace; unexpected failures
 * are logged here and answered with a bare 500.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidInputException.class)
	ProblemDetail invalidInput(InvalidInputException ex) {
		return badRequest(ex.problems());
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		return problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage());
	}

	/**
	 * Two requests changed the same visit at once (complete and cancel racing): the loser
	 * changed nothing and may read the visit again.
	 */
	@ExceptionHandler({ OptimisticLockingException.class, ConcurrencyFailureException.class })
	ProblemDetail concurrentChange(RuntimeException ex) {
		logger.info("Concurrent change refused: {}", ex.getClass().getSimpleName());
		return problem(HttpStatus.CONFLICT, "Conflict",
				"The visit was changed by another request at the same time; read it again and retry if still needed");
	}

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}

	@ExceptionHandler({ ForbiddenException.class, org.springframework.security.access.AccessDeniedException.class })
	ProblemDetail forbidden(RuntimeException ex) {
		return problem(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		return badRequest(List.of(new FieldProblem(ex.getName(), "format",
				"'" + ex.getValue() + "' is not a valid " + expected + describeChoices(ex.getRequiredType()))));
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		logger.error("Unexpected error while handling an API request", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"The request could not be completed; the error has been logged.");
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		ex.getBindingResult()
			.getFieldErrors()
			.forEach((error) -> problems
				.add(new FieldProblem(error.getField(), codeOf(error.getCode()), error.getDefaultMessage())));
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> problems
				.add(new FieldProblem(error.getObjectName(), codeOf(error.getCode()), error.getDefaultMessage())));
		return ResponseEntity.badRequest().body(badRequest(problems));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> problems = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldProblem(result.getMethodParameter().getParameterName(), "invalid",
						error.getDefaultMessage())))
			.toList();
		return ResponseEntity.badRequest().body(badRequest(problems));
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest().body(badRequest(List.of(FieldProblem.required(ex.getParameterName()))));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		FieldProblem problem;
		if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
			problem = new FieldProblem(unknown.getPropertyName(), "unknown", "is not a known field");
		}
		else if (ex.getCause() instanceof InvalidFormatException format) {
			problem = new FieldProblem(pathOf(format), "format", "'" + format.getValue() + "' is not a valid "
					+ format.getTargetType().getSimpleName() + describeChoices(format.getTargetType()));
		}
		else if (ex.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
			problem = new FieldProblem(pathOf(mapping), "format", "has the wrong type");
		}
		else {
			problem = new FieldProblem("body", "format", "is missing or is not valid JSON");
		}
		return ResponseEntity.badRequest().body(badRequest(List.of(problem)));
	}

	private static String pathOf(JsonMappingException ex) {
		return ex.getPath()
			.stream()
			.map((ref) -> (ref.getFieldName() != null) ? ref.getFieldName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	private static String describeChoices(Class<?> type) {
		if (type == null || !type.isEnum()) {
			return "";
		}
		return "; one of " + List.of(type.getEnumConstants());
	}

	private static String codeOf(String constraint) {
		if (constraint == null) {
			return "invalid";
		}
		return switch (constraint) {
			case "NotNull", "NotBlank", "NotEmpty" -> "required";
			default -> "invalid";
		};
	}

	static ProblemDetail badRequest(List<FieldProblem> problems) {
		ProblemDetail detail = problem(HttpStatus.BAD_REQUEST, "Invalid request",
				problems.stream().map((p) -> p.field() + ": " + p.reason()).collect(Collectors.joining("; ")));
		detail.setProperty("errors", problems);
		return detail;
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("about:blank"));
		return problem;
	}

}
