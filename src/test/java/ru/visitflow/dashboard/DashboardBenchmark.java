package ru.visitflow.dashboard;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.sales.SalesRow;
import ru.visitflow.sales.SalesService;
import ru.visitflow.system.EmbeddedPostgres;
import ru.visitflow.visit.VisitFigures;

/**
 * Dashboard query times at size: generates 200 reps in 8 regions and 4 time zones under 8
 * heads, 50,000 companies, {@code bench.visits} visits (default 1,000,000) over two
 * years, one-rep plans per month and 300,000 sales documents, then times every dashboard
 * table for a month and for two years, as an administrator (everyone) and as a head (a
 * team of 25). Not a test (the name does not end in Tests): run it with
 * {@code bench/dashboards.sh}. {@code bench.db=postgres} runs on an embedded PostgreSQL
 * (not as root).
 */
@SpringBootTest(properties = { "camunda.bpm.job-execution.enabled=false", "visitflow.bitrix24.sandbox.seed=false" })
@ActiveProfiles("test")
class DashboardBenchmark {

	private static final String[] REGIONS = { "Москва", "Санкт-Петербург", "Казань", "Самара", "Екатеринбург",
			"Челябинск", "Новосибирск", "Красноярск" };

	private static final String[] ZONES = { "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg",
			"Asia/Novosibirsk" };

	private static final String[] TYPES = { "meeting", "merchandising", "training", "negotiation" };

	private static final String[] STAGES = { "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED", "FAILED",
			"CANCELLED", "OVERDUE" };

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		// the generated reps' ids have hyphens; on a reused database the team groups are
		// made at startup
		registry.add("camunda.bpm.generic-properties.properties.group-resource-whitelist-pattern",
				() -> "[a-zA-Z0-9]+|camunda-admin|supervisors-of-[a-zA-Z0-9-]+");
		String url = System.getProperty("bench.url", "");
		if (!url.isEmpty()) {
			// a PostgreSQL server of one's own (user postgres, no password), kept between
			// runs
			registry.add("spring.datasource.url", () -> url);
			registry.add("spring.datasource.username", () -> "postgres");
			registry.add("spring.datasource.password", () -> "");
		}
		else if ("postgres".equals(System.getProperty("bench.db"))) {
			EmbeddedPostgres.register(registry, "dashboard_bench");
		}
		else {
			registry.add("spring.datasource.url",
					() -> "jdbc:h2:file:./target/bench/dashboards;DB_CLOSE_ON_EXIT=FALSE");
		}
	}

	@Autowired
	private DataSource dataSource;

	@Autowired
	private DashboardService dashboards;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private SalesService sales;

	@Autowired
	private VisitFigures figures;

	@Autowired
	private PlatformTransactionManager transactions;

	@Test
	void run() throws Exception {
		int visits = Integer.getInteger("bench.visits", 1_000_000);
		int runs = Integer.getInteger("bench.runs", 7);
		LocalDate end = LocalDate.parse("2026-11-30");
		LocalDate start = end.minusYears(2).plusDays(1);
		long generated = System.nanoTime();
		long existing = Boolean.getBoolean("bench.reuse")
				? this.jdbc.sql("select count(*) from visit where" + " created_by = 'bench'").query(Long.class).single()
				: 0;
		if (existing >= visits) {
			System.out.printf("reusing the %,d generated visits already in the database%n", existing);
		}
		else {
			generate(visits, start, end);
		}
		System.out.printf(
				"DASHBOARD BENCHMARK on %s: %,d visits, 50,000 companies, 300,000 sales; generated in %.1f s%n",
				("postgres".equals(System.getProperty("bench.db")) || !System.getProperty("bench.url", "").isEmpty())
						? "PostgreSQL" : "H2",
				visits, (System.nanoTime() - generated) / 1e9);
		System.out.println("load average (1, 5, 15 min) before timing: " + loadAverage());
		Actor admin = new Actor("bench-admin", Set.of(Role.ADMIN));
		Actor head = new Actor("bench-head1", Set.of(Role.SUPERVISOR));
		System.out.printf("%-14s %-7s %-6s %8s %9s %8s %8s %8s%n", "table", "period", "viewer", "rows", "first_ms",
				"p50_ms", "p95_ms", "max_ms");
		for (String period : List.of("month", "2 years")) {
			DashboardFilter filter = period.equals("month") ? new DashboardFilter(LocalDate.parse("2026-10-01"),
					LocalDate.parse("2026-10-31"), null, null, null)
					: new DashboardFilter(start, end, null, null, null);
			for (Actor viewer : List.of(admin, head)) {
				for (String table : DashboardService.TABLES) {
					double[] times = new double[runs];
					double first = 0;
					int rows = 0;
					for (int i = 0; i < runs; i++) {
						long t = System.nanoTime();
						rows = this.dashboards.table(table, filter, viewer).rows().size();
						times[i] = (System.nanoTime() - t) / 1e6;
						if (i == 0) {
							first = times[0];
						}
					}
					Arrays.sort(times);
					System.out.printf("%-14s %-7s %-6s %8d %9.1f %8.1f %8.1f %8.1f%n", table, period,
							viewer.isAdmin() ? "admin" : "head", rows, first, times[runs / 2],
							times[(int) Math.ceil(runs * 0.95) - 1], times[runs - 1]);
				}
			}
		}
		writes();
		System.out.println("load average (1, 5, 15 min) at the end: " + loadAverage());
		System.out.println("END OF DASHBOARD BENCHMARK");
	}

	/**
	 * What keeping the sales summaries costs the writers: a 1C import of 1,000 documents
	 * for 1,000 companies, and 200 completed visits counted again, each in a transaction
	 * rolled back afterwards.
	 */
	private void writes() {
		TransactionTemplate rollback = new TransactionTemplate(this.transactions);
		Random random = new Random(7);
		List<SalesRow> rows = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			rows.add(new SalesRow(i + 2, "W-" + UUID.randomUUID(), "2026-11-" + (10 + random.nextInt(20)),
					(1000 + random.nextInt(100_000)) + ".00", null,
					Long.toString(5_000_001L + random.nextInt(50_000))));
		}
		long t = System.nanoTime();
		rollback.executeWithoutResult((status) -> {
			this.sales.importRows(rows, "BENCH", null, new Actor("bench-admin", Set.of(Role.ADMIN)));
			status.setRollbackOnly();
		});
		System.out.printf("1C import of 1,000 documents (1,000 companies) with its summaries: %.0f ms%n",
				(System.nanoTime() - t) / 1e6);
		List<UUID> visits = this.jdbc
			.sql("select visit_id from dash_completed_visit where on_day >= ? order by visit_id limit 200")
			.param(LocalDate.parse("2026-10-01"))
			.query(UUID.class)
			.list();
		t = System.nanoTime();
		rollback.executeWithoutResult((status) -> {
			visits.forEach(this.figures::counted);
			status.setRollbackOnly();
		});
		System.out.printf("200 completed visits counted with their company's sales summaries: %.1f ms each%n",
				(System.nanoTime() - t) / 1e6 / Math.max(1, visits.size()));
	}

	private static String loadAverage() {
		try {
			return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	private static void stageChange(PreparedStatement p, UUID visit, String from, String to, OffsetDateTime at)
			throws Exception {
		p.setObject(1, visit);
		p.setString(2, from);
		p.setString(3, to);
		p.setObject(4, at);
		p.addBatch();
	}

	private void generate(int visits, LocalDate start, LocalDate end) throws Exception {
		Random random = new Random(42);
		try (Connection c = this.dataSource.getConnection()) {
			c.setAutoCommit(false);
			try (PreparedStatement p = c
				.prepareStatement("insert into user_profile (user_id, bitrix24_user_id, time_zone,"
						+ " supervisor_id, region) values (?, ?, ?, ?, ?)")) {
				for (int h = 1; h <= 8; h++) {
					p.setString(1, "bench-head" + h);
					p.setLong(2, 900_000 + h);
					p.setString(3, ZONES[(h - 1) % 4]);
					p.setString(4, null);
					p.setString(5, REGIONS[h - 1]);
					p.addBatch();
				}
				for (int r = 0; r < 200; r++) {
					p.setString(1, "bench-rep" + r);
					p.setLong(2, 910_000 + r);
					p.setString(3, ZONES[(r / 25) % 4]);
					p.setString(4, "bench-head" + (r / 25 + 1));
					p.setString(5, REGIONS[r / 25]);
					p.addBatch();
				}
				p.executeBatch();
			}
			try (PreparedStatement p = c.prepareStatement(
					"insert into company (id, title, assigned_by_id, region," + " synced_at) values (?, ?, ?, ?, ?)")) {
				for (int i = 1; i <= 50_000; i++) {
					int rep = i % 200;
					p.setLong(1, 5_000_000L + i);
					p.setString(2, "Company " + i);
					p.setLong(3, 910_000 + rep);
					p.setString(4, REGIONS[rep / 25]);
					p.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
					p.addBatch();
					if (i % 5000 == 0) {
						p.executeBatch();
					}
				}
				p.executeBatch();
			}
			c.commit();
			long days = end.toEpochDay() - start.toEpochDay() + 1;
			PreparedStatement changes = c.prepareStatement("insert into visit_stage_change (visit_id, from_stage,"
					+ " to_stage, changed_at, changed_by) values (?, ?, ?, ?, 'bench')");
			PreparedStatement checks = c.prepareStatement("insert into field_check (id, visit_id, kind, rep_id,"
					+ " company_id, server_time, distance_m, grade, flags, location_proposed)"
					+ " values (?, ?, 'CHECK_IN', ?, ?, ?, ?, ?, ?, false)");
			try (PreparedStatement p = c.prepareStatement("insert into visit (id, company_id, company_title, rep_id,"
					+ " visit_type, planned_start, duration_minutes, time_zone, region, origin, stage, stage_changed_at,"
					+ " version, created_at, created_by, closed_at) values (?, ?, ?, ?, ?, ?, 60, ?, ?, 'MANUAL', ?, ?, 0,"
					+ " ?, 'bench', ?)")) {
				for (int i = 0; i < visits; i++) {
					int rep = random.nextInt(200);
					long company = 5_000_000L + 1 + (rep + 200L * random.nextInt(250)) % 50_000;
					LocalDate day = start.plusDays(random.nextInt((int) days));
					ZoneId zone = ZoneId.of(ZONES[(rep / 25) % 4]);
					Instant planned = day.atTime(9 + random.nextInt(9), 0).atZone(zone).toInstant();
					String stage = STAGES[random.nextInt(STAGES.length)];
					OffsetDateTime at = planned.atOffset(ZoneOffset.UTC);
					UUID id = UUID.randomUUID();
					p.setObject(1, id);
					p.setLong(2, company);
					p.setString(3, "Company " + company);
					p.setString(4, "bench-rep" + rep);
					p.setString(5, TYPES[random.nextInt(TYPES.length)]);
					p.setObject(6, at);
					p.setString(7, zone.getId());
					p.setString(8, REGIONS[rep / 25]);
					p.setString(9, stage);
					p.setObject(10, at);
					p.setObject(11, at.minusDays(20));
					p.setObject(12, stage.equals("OVERDUE") ? null : at.plusHours(1));
					p.addBatch();
					// the stage history: created in Draft, in work a day or so before,
					// then the
					// final stage (or Overdue)
					OffsetDateTime created = at.minusDays(20);
					OffsetDateTime inWork = at.minusMinutes(60 + random.nextInt(3 * 24 * 60));
					OffsetDateTime closed = at.plusMinutes(30 + random.nextInt(8 * 60));
					stageChange(changes, id, null, "DRAFT", created);
					stageChange(changes, id, "DRAFT", "IN_WORK", inWork);
					stageChange(changes, id, "IN_WORK", stage, closed);
					if (stage.equals("COMPLETED") || stage.equals("FAILED")) {
						int g = random.nextInt(100);
						checks.setObject(1, UUID.randomUUID());
						checks.setObject(2, id);
						checks.setString(3, "bench-rep" + rep);
						checks.setLong(4, company);
						checks.setObject(5, at.plusMinutes(random.nextInt(20)));
						checks.setObject(6, (g < 95) ? (double) (g * 3) : null);
						checks.setString(7,
								(g < 50) ? "WITHIN_50M" : (g < 70) ? "WITHIN_100M" : (g < 85) ? "WITHIN_RADIUS"
										: (g < 92) ? "OUTSIDE_RADIUS" : (g < 95) ? "FAR_AWAY" : "NO_POSITION");
						checks.setString(8, (random.nextInt(50) == 0) ? "ZERO_ACCURACY" : null);
						checks.addBatch();
					}
					if (i % 10_000 == 9_999) {
						p.executeBatch();
						changes.executeBatch();
						checks.executeBatch();
						c.commit();
					}
				}
				p.executeBatch();
				changes.executeBatch();
				checks.executeBatch();
				c.commit();
			}
			changes.close();
			checks.close();
			try (PreparedStatement p = c.prepareStatement("insert into visit_plan (id, supervisor_id, scope, rep_id,"
					+ " period_start, period_end, time_zone, target, formed_by, status, created_at, created_by)"
					+ " values (?, ?, 'REP', ?, ?, ?, ?, ?, 'HEAD', 'CLOSED', ?, 'bench')")) {
				for (LocalDate month = start.withDayOfMonth(1); month.isBefore(end); month = month.plusMonths(1)) {
					for (int rep = 0; rep < 200; rep++) {
						p.setObject(1, UUID.randomUUID());
						p.setString(2, "bench-head" + (rep / 25 + 1));
						p.setString(3, "bench-rep" + rep);
						p.setObject(4, month);
						p.setObject(5, month.plusMonths(1).minusDays(1));
						p.setString(6, ZONES[(rep / 25) % 4]);
						p.setInt(7, 20);
						p.setObject(8, OffsetDateTime.now(ZoneOffset.UTC));
						p.addBatch();
					}
				}
				p.executeBatch();
			}
			UUID importId = UUID.randomUUID();
			try (PreparedStatement p = c.prepareStatement("insert into sales_import (id, source, rows_total, rows_new,"
					+ " imported_at, imported_by) values (?, 'BENCH', 300000, 300000, ?, 'bench')")) {
				p.setObject(1, importId);
				p.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
				p.executeUpdate();
			}
			try (PreparedStatement p = c.prepareStatement("insert into sales_document (document_number, company_id,"
					+ " document_date, amount, import_id, imported_at) values (?, ?, ?, ?, ?, ?)")) {
				for (int i = 0; i < 300_000; i++) {
					p.setString(1, "B-" + i);
					p.setLong(2, 5_000_000L + 1 + random.nextInt(50_000));
					p.setObject(3, start.plusDays(random.nextInt((int) days)));
					p.setBigDecimal(4, BigDecimal.valueOf(1000 + random.nextInt(500_000), 2));
					p.setObject(5, importId);
					p.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
					p.addBatch();
					if (i % 10_000 == 9_999) {
						p.executeBatch();
					}
				}
				p.executeBatch();
			}
			c.commit();
			// the summaries, filled by the migration's own statements, as on an upgrade
			long summaries = System.nanoTime();
			Set<String> emptied = new HashSet<>();
			for (String file : List.of("V100__dashboard_summaries.sql", "V102__dashboard_conversion.sql",
					"V104__dashboard_visit_month.sql", "V120__dashboard_sales_summaries.sql")) {
				String migration = Files.readString(Path.of("src/main/resources/db/migration/" + file));
				try (Statement s = c.createStatement()) {
					for (String sql : migration.split(";")) {
						String statement = sql.lines()
							.filter((l) -> !l.startsWith("--"))
							.collect(Collectors.joining("\n"));
						if (statement.trim().startsWith("insert into dash_")) {
							// the migrations ran on the empty database at start: refill
							String table = statement.trim().split("\\s+")[2];
							if (emptied.add(table)) {
								s.execute("delete from " + table);
							}
							s.execute(statement);
						}
					}
				}
			}
			// the estimate's sums before and after each completed visit (V140): its
			// statements as they are, on top of the summaries just filled
			String effect = Files
				.readString(Path.of("src/main/resources/db/migration/V140__dashboard_visit_effect.sql"));
			try (Statement s = c.createStatement()) {
				for (String sql : effect.split(";")) {
					String statement = sql.lines()
						.filter((l) -> !l.startsWith("--"))
						.collect(Collectors.joining("\n"))
						.trim();
					if (statement.startsWith("update dash_") || statement.startsWith("delete from dash_")
							|| statement.startsWith("insert into dash_")) {
						s.execute(statement);
					}
				}
			}
			c.commit();
			System.out.printf("summaries filled from the rows in %.1f s%n", (System.nanoTime() - summaries) / 1e9);
			if ("postgres".equals(System.getProperty("bench.db")) || !System.getProperty("bench.url", "").isEmpty()) {
				c.setAutoCommit(true);
				try (Statement s = c.createStatement()) {
					s.execute("vacuum analyze");
				}
			}
		}
	}

}
