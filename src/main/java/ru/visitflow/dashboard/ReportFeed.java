package ru.visitflow.dashboard;

import java.io.IOException;
import java.io.OutputStream;
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

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.system.Rows;

/**
 * The Power BI feed's rules: which consumer a token belongs to (compared in constant
 * time), each consumer's rate limit, and the reporting views streamed row by row as CSV
 * or XLSX with their own column names.
 */
@Service
public class ReportFeed {

	static final Map<String, String> DATASETS = Map.of("visits", "report_visits", "stage_changes",
			"report_stage_changes", "plans", "report_plans", "sales", "report_sales");

	private static final Map<String, String> DATE_COLUMNS = Map.of("visits", "planned_start", "stage_changes",
			"entered_at", "plans", "period_start", "sales", "document_date");

	private final JdbcClient jdbc;

	private final DashboardProperties properties;

	private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

	ReportFeed(JdbcClient jdbc, DashboardProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	public boolean knows(String dataset, String format) {
		return DATASETS.containsKey(dataset) && List.of("csv", "xlsx").contains(format);
	}

	/** The consumer whose token this is, or null for a missing or wrong token. */
	public String consumer(String token) {
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

	/**
	 * Takes one of the consumer's requests for this minute; false when they are used up.
	 */
	public boolean admit(String consumer) {
		return this.limiters.computeIfAbsent(consumer,
				(name) -> RateLimiter.of("feed-" + name,
						RateLimiterConfig.custom()
							.limitForPeriod(this.properties.feedRequestsPerMinute())
							.limitRefreshPeriod(Duration.ofMinutes(1))
							.timeoutDuration(this.properties.feedTimeout())
							.build()))
			.acquirePermission();
	}

	/**
	 * Streams a view (optionally from..to on its date column, inclusive, UTC days) to
	 * {@code out}.
	 */
	@Transactional(readOnly = true)
	public void write(String dataset, String format, LocalDate from, LocalDate to, OutputStream out)
			throws IOException {
		String view = DATASETS.get(dataset);
		boolean instants = dataset.equals("visits") || dataset.equals("stage_changes");
		StringBuilder sql = new StringBuilder("select * from " + view + " where 1 = 1");
		List<Object> params = new ArrayList<>();
		String dateColumn = DATE_COLUMNS.get(dataset);
		if (from != null) {
			sql.append(" and ").append(dateColumn).append(" >= ?");
			params.add(instants ? Rows.utc(from.atStartOfDay(ZoneOffset.UTC).toInstant()) : from);
		}
		if (to != null) {
			sql.append(" and ").append(dateColumn).append(" < ?");
			params.add(instants ? Rows.utc(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()) : to.plusDays(1));
		}
		sql.append(" order by 1");
		if ("csv".equals(format)) {
			TableWriter.CsvSink[] sink = new TableWriter.CsvSink[1];
			this.jdbc.sql(sql.toString()).params(params).query((rs) -> {
				try {
					if (sink[0] == null) {
						sink[0] = TableWriter.csv(out, columns(rs));
					}
					sink[0].row(values(rs));
				}
				catch (IOException ex) {
					throw new IllegalStateException("The feed's reader went away", ex);
				}
			});
			(sink[0] != null ? sink[0] : TableWriter.csv(out, columnsOf(view))).flush();
		}
		else {
			TableWriter.XlsxSink[] sink = new TableWriter.XlsxSink[1];
			this.jdbc.sql(sql.toString()).params(params).query((rs) -> {
				if (sink[0] == null) {
					sink[0] = TableWriter.xlsx(columns(rs), dataset);
				}
				sink[0].row(values(rs));
			});
			(sink[0] != null ? sink[0] : TableWriter.xlsx(columnsOf(view), dataset)).finish(out);
		}
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
