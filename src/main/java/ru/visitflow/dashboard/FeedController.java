package ru.visitflow.dashboard;

import java.io.IOException;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Power BI feed over HTTP: the reporting views as CSV or XLSX, read-only, for
 * consumers with a token of their own ({@code Authorization: Bearer <token>} or
 * {@code X-Feed-Token}), each rate-limited.
 */
@Hidden
@RestController
class FeedController {

	private final ReportFeed feed;

	FeedController(ReportFeed feed) {
		this.feed = feed;
	}

	@GetMapping("/feed/{dataset}.{format}")
	void feed(@PathVariable String dataset, @PathVariable String format,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		String token = request.getHeader("X-Feed-Token");
		String authorization = request.getHeader("Authorization");
		if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = authorization.substring(7).trim();
		}
		String consumer = this.feed.consumer(token);
		if (consumer == null) {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"Visitflow feed\"");
			response.sendError(HttpStatus.UNAUTHORIZED.value());
			return;
		}
		if (!this.feed.admit(consumer)) {
			response.setHeader("Retry-After", "60");
			response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
			return;
		}
		if (!this.feed.knows(dataset, format)) {
			response.sendError(HttpStatus.NOT_FOUND.value());
			return;
		}
		response.setContentType("csv".equals(format) ? "text/csv; charset=UTF-8"
				: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		response.setHeader("Content-Disposition", "attachment; filename=\"" + dataset + "." + format + "\"");
		this.feed.write(dataset, format, from, to, response.getOutputStream());
	}

}
