package ru.visitflow.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.system.Rows;

/**
 * The Power BI feed: the reporting views as CSV or XLSX over HTTP, read-only, for consumers with a token of
 * their own ({@code Authorization: Bearer <token>} or {@code X-Feed-Token}), each rate-limited. Rows stream as
 * they are read, so a large view never sits in memory.
 */
@Hidden
@RestController
class FeedController {

	static final Map<String, String> DATASETS = Map.of("visits", "report_visits", "stage_changes",
			"report_stage_changes", "plans", "report_plans", "sales", "report_sales");

	private static final Map<String, String> DATE_COLUMNS = Map.of("visits", "planned_start", "stage_changes",
			"entered_at", "plans", "period_start", "sales", "document_date");

	private final JdbcClient jdbc;

	private final DashboardProperties properties;

	private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

	FeedController(JdbcClient jdbc, DashboardProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@GetMapping("/feed/{dataset}.{format}")
	void feed(@PathVariable String dataset, @PathVariable String format,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		String consumer = consumer(request);
		if (consumer == null) {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"Visitflow feed\"");
			response.sendError(HttpStatus.UNAUTHORIZED.value());
			return;
		}
		RateLimiter limiter = this.limiters.computeIfAbsent(consumer, (name) -> RateLimiter.of("feed-" + name,
				RateLimiterConfig.custom()
					.limitForPeriod(this.properties.feedRequestsPerMinute())
					.limitRefreshPeriod(Duration.ofMinutes(1))
					.timeoutDuration(this.properties.feedTimeout())
					.build()));
		if (!limiter.acquirePermission()) {
			response.setHeader("Retry-After", "60");
			response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
			return;
		}
		String view = DATASETS.get(dataset);
		if (view == null || !List.of("csv", "xlsx").contains(format)) {
			response.sendError(HttpStatus.NOT_FOUND.value());
			return;
		}
		StringBuilder sql = new StringBuilder("select * from " + view + " where 1 = 1");
		List<Object> params = new ArrayList<>();
		String dateColumn = DATE_COLUMNS.get(dataset);
		if (from != null) {
			sql.append(" and ").append(dateColumn).append(" >= ?");
			params.add(dataset.equals("visits") || dataset.equals("stage_changes") ? Rows.utc(from.atStartOfDay(ZoneOffset.UTC).toInstant()) : from);
		}
		if (to != null) {
			sql.append(" and ").append(dateColumn).append(" < ?");
			params.add(dataset.equals("visits") || dataset.equals("stage_changes")
					? Rows.utc(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()) : to.plusDays(1));
		}
		sql.append(" order by 1");
		if ("csv".equals(format)) {
			response.setContentType("text/csv; charset=UTF-8");
			response.setHeader("Content-Disposition", "attachment; filename=\"" + dataset + ".csv\"");
			TableWriter.CsvSink[] sink = new TableWriter.CsvSink[1];
			this.jdbc.sql(sql.toString()).params(params).query((rs) -> {
				try {
					if (sink[0] == null) {
						sink[0] = TableWriter.csv(response.getOutputStream(), columns(rs));
					}
					sink[0].row(values(rs));
				}
				catch (IOException ex) {
					throw new IllegalStateException("The feed's reader went away", ex);
				}
			});
			if (sink[0] == null) {
				TableWriter.csv(response.getOutputStream(), columnsOf(view)).flush();
			}
			else {
				sink[0].flush();
			}
		}
		else {
			response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
			response.setHeader("Content-Disposition", "attachment; filename=\"" + dataset + ".xlsx\"");
			TableWriter.XlsxSink[] sink = new TableWriter.XlsxSink[1];
			this.jdbc.sql(sql.toString()).params(params).query((rs) -> {
				if (sink[0] == null) {
					sink[0] = TableWriter.xlsx(columns(rs), dataset);
				}
				sink[0].row(values(rs));
			});
			(sink[0] != null ? sink[0] : TableWriter.xlsx(columnsOf(view), dataset)).finish(response.getOutputStream());
		}
	}

	/** The consumer whose token the request carries, or null. Tokens are compared in constant time. */
	private String consumer(HttpServletRequest request) {
		String token = request.getHeader("X-Feed-Token");
		String authorization = request.getHeader("Authorization");
		if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = authorization.substring(7).trim();
		}
		if (token == null || token.isEmpty()) {
			return null;
		}
		byte[] given = token.getBytes(StandardCharsets.UTF_8);
		for (Map.Entry<String, String> entry : this.properties.feedTokens().entrySet()) {
			if (entry.getValue() != null && !entry.getValue().isBlank()
					&& MessageDigest.isEqual(given, entry.getValue().getBytes(StandardCharsets.UTF_8))) {
				return entry.getKey();
			}
		}
		return null;
	}

	private List<String> columnsOf(String view) {
		return this.jdbc.sql("select * from " + view + " where 1 = 0").query((rs) -> {
			try {
				return columns(rs);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static List<String> columns(ResultSet rs) throws SQLException {
		List<String> names = new ArrayList<>();
		for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
			names.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
		}
		return names;
	}

	private static List<Object> values(ResultSet rs) throws SQLException {
		List<Object> values = new ArrayList<>();
		for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
			Object value = rs.getObject(i);
			if (value instanceof Timestamp || value instanceof OffsetDateTime) {
				value = rs.getObject(i, OffsetDateTime.class);
			}
			else if (value instanceof Date) {
				value = rs.getObject(i, LocalDate.class);
			}
			values.add(value);
		}
		return values;
	}

}
