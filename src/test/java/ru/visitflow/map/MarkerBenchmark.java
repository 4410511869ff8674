package ru.visitflow.map;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * The marker API with 50,000 companies (run by {@code bench/markers.sh}, not by the
 * build): companies around ten Russian cities, 30,000 visits in every stage; p50/p95 of
 * {@code GET /api/map/markers} at city and country zoom for an administrator (all
 * companies) and a rep (their territory), the answer's size, and how long reading the
 * index from the database takes. On H2 here; {@link MarkerOnPostgresBenchmark} on
 * PostgreSQL.
 */
@AutoConfigureMockMvc
class MarkerBenchmark extends LifecycleTestSupport {

	private static final double[][] CITIES = { { 55.7558, 37.6173, 0.25 }, { 59.9386, 30.3141, 0.18 },
			{ 56.8389, 60.6057, 0.12 }, { 55.0084, 82.9357, 0.12 }, { 55.7963, 49.1088, 0.1 },
			{ 56.3269, 44.0059, 0.1 }, { 53.1959, 50.1002, 0.1 }, { 54.9885, 73.3242, 0.08 }, { 47.2357, 39.7015, 0.1 },
			{ 43.1056, 131.874, 0.08 } };

	private static final long[] OWNERS = { 2, 3, 5, 6, 8, 9, 10, 11, 12, 13 };

	private static final String[] STAGES = { "DRAFT", "IN_WORK", "REPEAT_VISIT", "OVERDUE", "COMPLETED", "COMPLETED",
			"COMPLETED", "FAILED", "CANCELLED" };

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MarkerIndex index;

	@Autowired
	private DataSource dataSource;

	@Test
	void run() throws Exception {
		int companies = Integer.getInteger("bench.companies", 50_000);
		int requests = Integer.getInteger("bench.requests", 200);
		fill(companies);
		this.index.invalidate();
		MarkerIndex.Snapshot snapshot = this.index.snapshot();
		List<Long> builds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			this.index.invalidate();
			builds.add(this.index.snapshot().took().toMillis());
		}
		String database;
		try (Connection connection = this.dataSource.getConnection()) {
			database = connection.getMetaData().getDatabaseProductName();
		}
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
				"%nMARKER BENCHMARK on %s: %d companies (%d with a position), index read in %s ms (p50 of 5: %d ms)%n",
				database, snapshot.companies(), snapshot.size(), builds, sorted(builds).get(2)));
		out.append(String.format(Locale.ROOT, "machine load average %.1f on %d cores%n",
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
				Runtime.getRuntime().availableProcessors()));
		out.append(String.format(Locale.ROOT, "%-8s %-8s %-6s %-8s %-9s %-8s %-11s %-9s %-9s %-11s %-11s%n", "viewer",
				"view", "zoom", "matched", "clusters", "markers", "bytes", "p50_ms", "p95_ms", "cpu_p50_ms",
				"cpu_p95_ms"));
		RequestPostProcessor admin = user("admin").roles("ADMIN");
		RequestPostProcessor rep = user("rep1").roles("REP");
		String moscow = "37.35,55.60,37.90,55.90";
		String russia = "19.0,41.0,180.0,78.0";
		measure(out, "admin", admin, "city", moscow, 12, requests);
		measure(out, "admin", admin, "country", russia, 4, requests);
		measure(out, "admin", admin, "street", "37.60,55.74,37.64,55.77", 16, requests);
		measure(out, "rep1", rep, "city", moscow, 12, requests);
		measure(out, "rep1", rep, "country", russia, 4, requests);
		// the index alone, without HTTP, security and JSON
		MarkerIndex.Snapshot current = this.index.snapshot();
		long[] nanos = new long[requests];
		for (int i = 0; i < requests; i++) {
			long started = System.nanoTime();
			current.query(Bbox.parse(russia), 4, MarkerFilter.visibleTo(null));
			nanos[i] = System.nanoTime() - started;
		}
		Arrays.sort(nanos);
		out.append(String.format(Locale.ROOT,
				"index query alone, all companies at country zoom: p50 %.2f ms, p95 %.2f ms%n",
				nanos[requests / 2] / 1e6, nanos[(int) (requests * 0.95)] / 1e6));
		if (database.toLowerCase(Locale.ROOT).contains("postgres")) {
			// the index is read by two full scans; their plans with real row counts and
			// times
			this.jdbc.execute("analyze");
			for (String query : List.of(
					"select company_id, stage, visit_type, max(closed_at) as last_closed from visit "
							+ "group by company_id, stage, visit_type",
					"select c.id, c.assigned_by_id, c.region, c.latitude, c.longitude, p.latitude, p.longitude, "
							+ "p.source from company c left join geo_position p on p.company_id = c.id "
							+ "where (c.latitude is not null and c.longitude is not null) or p.company_id is not null")) {
				out.append("EXPLAIN ANALYZE ").append(query).append('\n');
				this.jdbc.queryForList("explain analyze " + query, String.class)
					.forEach((line) -> out.append("  ").append(line).append('\n'));
			}
		}
		out.append("aim: p95 <= 100 ms\n");
		System.out.println(out);
	}

	private void measure(StringBuilder out, String who, RequestPostProcessor login, String view, String bbox, int zoom,
			int requests) throws Exception {
		String url = "/api/map/markers?bbox=" + bbox + "&zoom=" + zoom;
		for (int i = 0; i < 20; i++) {
			this.mvc.perform(get(url).with(login)).andReturn();
		}
		long[] nanos = new long[requests];
		// the CPU the request itself used (MockMvc serves it on this thread): the figure
		// without the other processes' share of the machine
		long[] cpu = new long[requests];
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		MvcResult last = null;
		for (int i = 0; i < requests; i++) {
			long cpuStarted = threads.getCurrentThreadCpuTime();
			long started = System.nanoTime();
			last = this.mvc.perform(get(url).with(login)).andReturn();
			nanos[i] = System.nanoTime() - started;
			cpu[i] = threads.getCurrentThreadCpuTime() - cpuStarted;
		}
		Arrays.sort(nanos);
		Arrays.sort(cpu);
		String body = last.getResponse().getContentAsString();
		int status = last.getResponse().getStatus();
		if (status != 200) {
			throw new IllegalStateException(url + " answered " + status + ": " + body);
		}
		int matched = Integer.parseInt(body.replaceAll(".*\"total\":(\\d+).*", "$1"));
		int clusters = count(body, "\"clusters\":[", "],\"markers\"");
		int markers = count(body, "\"markers\":[", "]}");
		out.append(String.format(Locale.ROOT, "%-8s %-8s %-6d %-8d %-9d %-8d %-11d %-9.1f %-9.1f %-11.1f %-11.1f%n",
				who, view, zoom, matched, clusters, markers, last.getResponse().getContentAsByteArray().length,
				nanos[requests / 2] / 1e6, nanos[(int) (requests * 0.95)] / 1e6, cpu[requests / 2] / 1e6,
				cpu[(int) (requests * 0.95)] / 1e6));
	}

	private static int count(String body, String from, String to) {
		int start = body.indexOf(from) + from.length();
		int end = body.indexOf(to, start);
		String inner = body.substring(start, Math.max(start, end));
		return inner.isEmpty() ? 0 : inner.split("\\],\\[").length;
	}

	private void fill(int companies) {
		Random random = new Random(50_000);
		List<Object[]> rows = new ArrayList<>();
		Timestamp now = Timestamp.from(Instant.now());
		for (int i = 1; i <= companies; i++) {
			double[] city = CITIES[Math.min(CITIES.length - 1, (int) Math.floor(Math.abs(random.nextGaussian()) * 3))];
			double lat = city[0] + random.nextGaussian() * city[2] * 0.5;
			double lon = city[1] + random.nextGaussian() * city[2];
			rows.add(new Object[] { 10_000_000L + i, "Компания " + i, OWNERS[random.nextInt(OWNERS.length)],
					"ул. Тестовая, " + i, "Город", "Регион " + (i % 10), lat, lon, now });
			if (rows.size() == 1000) {
				insertCompanies(rows);
				rows.clear();
			}
		}
		insertCompanies(rows);
		List<Object[]> visits = new ArrayList<>();
		for (int i = 0; i < companies * 3 / 5; i++) {
			String stage = STAGES[random.nextInt(STAGES.length)];
			Instant planned = Instant.now().plusSeconds((random.nextInt(240) - 120) * 86_400L);
			boolean closed = stage.equals("COMPLETED") || stage.equals("FAILED") || stage.equals("CANCELLED");
			visits.add(new Object[] { UUID.randomUUID(), 10_000_000L + 1 + random.nextInt(companies), "rep1",
					random.nextBoolean() ? "meeting" : "merchandising", Timestamp.from(planned), 60, "Europe/Moscow",
					"MANUAL", stage, now, 0, now, "bench", closed ? Timestamp.from(planned) : null });
			if (visits.size() == 1000) {
				insertVisits(visits);
				visits.clear();
			}
		}
		insertVisits(visits);
	}

	private void insertCompanies(List<Object[]> rows) {
		this.jdbc.batchUpdate("""
				insert into company (id, title, assigned_by_id, address, city, region, latitude, longitude, synced_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				""", rows);
	}

	private void insertVisits(List<Object[]> rows) {
		this.jdbc.batchUpdate(
				"""
						insert into visit (id, company_id, rep_id, visit_type, planned_start, duration_minutes, time_zone, origin,
						  stage, stage_changed_at, version, created_at, created_by, closed_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
						""",
				rows);
	}

	private static List<Long> sorted(List<Long> values) {
		List<Long> copy = new ArrayList<>(values);
		copy.sort(null);
		return copy;
	}

}
