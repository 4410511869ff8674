package ru.visitflow.bitrix24;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import ru.visitflow.bitrix24.client.Bitrix24Exception;
import ru.visitflow.bitrix24.client.Bitrix24NotConfiguredException;

/**
 * A Bitrix24 failure behind an API call (a card edit, a task) as problem details: 503
 * when it may pass or no portal is configured, 502 when Bitrix24 refused;
 * {@code bitrix24Error} names Bitrix24's error code. Ahead of the general handler, which
 * answers anything else unexpected with a bare 500.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class Bitrix24ProblemHandler {

	private static final Logger logger = LoggerFactory.getLogger(Bitrix24ProblemHandler.class);

	@ExceptionHandler(Bitrix24Exception.class)
	ProblemDetail bitrix24Failed(Bitrix24Exception ex) {
		boolean later = ex.isTransient();
		boolean none = ex instanceof Bitrix24NotConfiguredException;
		ProblemDetail problem;
		if (later && !none) {
			// the transport's text names the portal's host and addresses: for the log,
			// not for the caller
			logger.warn("Bitrix24 unavailable while handling an API request: {}", ex.getMessage());
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"Bitrix24 cannot be reached right now; nothing was changed. Try again in a few minutes.");
		}
		else {
			problem = ProblemDetail.forStatusAndDetail(none ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
					ex.getMessage());
		}
		problem.setTitle(none ? "No Bitrix24 portal is configured"
				: later ? "Bitrix24 is unavailable, try again later" : "Bitrix24 refused the change");
		problem.setProperty("bitrix24Error", ex.errorCode());
		problem.setType(URI.create("about:blank"));
		return problem;
	}

}
