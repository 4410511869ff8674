package ru.visitflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.plan.PlanTestSupport;
import ru.visitflow.sales.SalesRow;
import ru.visitflow.sales.SalesService;
import ru.visitflow.system.Rows;
import ru.visitflow.visit.ConversionFigures;
import ru.visitflow.visit.VisitFigures;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/**
 * The summaries behind the sales tables ({@code dash_conversion_month},
 * {@code dash_sale}): kept by visit completions and 1C imports, filled by the migration
 * from the rows already there, and giving the same numbers as the visited companies
 * joined to their sales. The data lives in 2031, a period no other suite uses.
 */
class SalesSummaryTests extends PlanTestSupport {

	private static final AtomicLong companies = new AtomicLong(System.nanoTime() % 50_000_000L + 1_400_000_000L);

	private static final Actor ADMIN = new Actor("admin", Set.of(Role.ADMIN));

	@Autowired
	private DashboardService dashboards;

	@Autowired
	private VisitFigures figures;

	@Autowired
	private VisitService visitService;

	@Autowired
	private SalesService sales;

	@Autowired
	private ConversionFigures conversion;

	@Autowired
	private CompanyMirror mirror;

	private String region;

	private Actor repA;

	private Actor repB;

	private final List<Long> mine = new ArrayList<>();

	@BeforeEach
	void fixedData() {
		this.region = "Край-" + UUID.randomUUID().toString().substring(0, 8);
		this.repA = newRep();
		this.repB = newRep();
		long k1 = companyHere();
		long k2 = companyHere();
		long k3 = companyHere();
		long k4 = companyHere();
		// k1: visited by A in March and by B in February
		visit(k1, this.repA, "meeting", "COMPLETED", "2031-03-10T10:00");
		visit(k1, this.repB, "training", "COMPLETED", "2031-02-20T10:00");
		// k2: visited by A at the start of March and again in April, before its April
		// sale
		visit(k2, this.repA, "meeting", "COMPLETED", "2031-03-02T10:00");
		visit(k2, this.repA, "meeting", "COMPLETED", "2031-04-05T10:00");
		// k3: visited by B in April only; A's visit in March is not completed
		visit(k3, this.repB, "meeting", "COMPLETED", "2031-04-05T10:00");
		visit(k3, this.repA, "meeting", "IN_WORK", "2031-03-31T10:00");
		// k4: never visited
		sale(k1, "2031-03-05", "100.00");
		sale(k1, "2031-03-15", "200.00");
		sale(k1, "2031-03-15", "50.00");
		sale(k1, "2031-05-20", "999.00");
		sale(k2, "2031-03-01", "10.00");
		sale(k2, "2031-04-10", "300.00");
		sale(k3, "2031-03-20", "40.00");
		sale(k3, "2031-04-10", "400.00");
		sale(k4, "2031-03-25", "70.00");
		this.mine.forEach((company) -> this.conversion.salesChanged(List.of(company)));
	}

	private long companyHere() {
		long id = companies.incrementAndGet();
		this.jdbc.sql("""
				insert into company (id, title, assigned_by_id, region, synced_at)
				values (?, 'Компания', 999999, ?, current_timestamp)
				""").params(id, this.region).update();
		this.mine.add(id);
		return id;
	}

	private UUID visit(long companyId, Actor rep, String type, String stage, String moscowStart) {
		UUID id = UUID.randomUUID();
		Instant start = moscow(moscowStart);
		this.jdbc.sql("""
				insert into visit (id, company_id, company_title, rep_id, visit_type, planned_start, duration_minutes,
				  time_zone, region, origin, stage, stage_changed_at, version, created_at, created_by)
				values (?, ?, 'Компания', ?, ?, ?, 60, 'Europe/Moscow', ?, 'MANUAL', ?, ?, 0, ?, 'test')
				""")
			.params(id, companyId, rep.userId(), type, Rows.utc(start), this.region, stage, Rows.utc(start),
					Rows.utc(start))
			.update();
		this.figures.counted(id);
		return id;
	}

	/** A sale written by SQL around the import, counted by salesChanged afterwards. */
	private void sale(long companyId, String date, String amount) {
		SalesBySql.insert(this.jdbc, companyId, date, amount);
	}

	private static DashboardFilter period(String from, String to, String region, String repId) {
		return new DashboardFilter(LocalDate.parse(from), LocalDate.parse(to), region, repId, null);
	}

	private Table sales(String from, String to, Actor rep) {
		return this.dashboards.table("sales", period(from, to, null, rep.userId()), HEAD);
	}

	@Test
	void aSaleImportedAfterTheVisitMovesTheConversion() {
		Actor rep = newRep();
		long company = companyHere();
		UUID june = visit(company, rep, "meeting", "IN_WORK", "2031-06-10T10:00");
		UUID cancelled = visit(company, rep, "meeting", "IN_WORK", "2031-06-12T10:00");
		this.visitService.enterStage(june, VisitStage.COMPLETED, "test", null);
		this.visitService.enterStage(cancelled, VisitStage.CANCELLED, "test", "no");
		assertThat(sales("2031-06-01", "2031-06-30", rep).rows()).extracting((r) -> r.subList(2, 6))
			.containsExactly(List.of(1L, 0L, new BigDecimal("0.0"), BigDecimal.ZERO));
		// 1C reports a sale 15 days after the visit, and one 40 days after it (outside
		// the
		// window, but within the period and window of the sales of visited companies)
		this.sales.importRows(
				List.of(new SalesRow(2, "D-" + UUID.randomUUID(), "2031-06-25", "500.00", null, Long.toString(company)),
						new SalesRow(3, "D-" + UUID.randomUUID(), "2031-07-20", "70.00", null, Long.toString(company))),
				"TEST", null, ADMIN);
		assertThat(sales("2031-06-01", "2031-06-30", rep).rows()).extracting((r) -> r.subList(2, 6))
			.containsExactly(List.of(1L, 1L, new BigDecimal("100.0"), new BigDecimal("570.00")));
		// the same through the visited companies joined to their sales (a type chosen)
		assertThat(this.dashboards
			.table("sales",
					new DashboardFilter(LocalDate.parse("2031-06-01"), LocalDate.parse("2031-06-30"), null,
							rep.userId(), "meeting"),
					HEAD)
			.rows()).extracting((r) -> r.subList(2, 6))
			.containsExactly(List.of(1L, 1L, new BigDecimal("100.0"), new BigDecimal("570.00")));
		// a visit rescheduled from June to July, then completed: 20 July is 19 days on
		UUID moved = visit(company, rep, "training", "IN_WORK", "2031-06-20T10:00");
		this.visitService.applyPlannedStart(moved, "2031-07-01T10:00");
		this.visitService.enterStage(moved, VisitStage.COMPLETED, "test", null);
		assertThat(sales("2031-06-01", "2031-06-30", rep).rows()).extracting((r) -> r.subList(2, 5))
			.containsExactly(List.of(1L, 1L, new BigDecimal("100.0")));
		assertThat(sales("2031-07-01", "2031-07-31", rep).rows()).extracting((r) -> r.subList(2, 6))
			.containsExactly(List.of(1L, 1L, new BigDecimal("100.0"), new BigDecimal("70.00")));
		assertThat(sales("2031-06-01", "2031-07-31", rep).rows()).extracting((r) -> r.subList(2, 6))
			.containsExactly(List.of(2L, 2L, new BigDecimal("100.0"), new BigDecimal("570.00")));
	}

	@Test
	void theSummariesGiveTheNumbersOfTheVisitedCompaniesJoinedToTheirSales() {
		List<String[]> periods = List.of(new String[] { "2031-03-01", "2031-03-31" },
				new String[] { "2031-03-10", "2031-03-15" }, new String[] { "2031-03-15", "2031-04-10" },
				new String[] { "2031-02-01", "2031-05-31" }, new String[] { "2031-03-16", "2031-03-31" },
				new String[] { "2031-04-06", "2031-04-10" }, new String[] { "2031-03-03", "2031-03-09" });
		for (String[] p : periods) {
			DashboardFilter everyone = period(p[0], p[1], null, null);
			Table byRegion = this.dashboards.table("salesByRegion", everyone, ADMIN);
			assertThat(byRegion.rows()).as("sales by region %s", List.of(p))
				.isEqualTo(this.dashboards.salesByRegionJoined(everyone, ADMIN).rows());
			// visited by the head's team, by one rep (as themselves or chosen by an
			// administrator)
			assertThat(this.dashboards.table("salesByRegion", everyone, HEAD).rows())
				.as("sales by region for the head %s", List.of(p))
				.isEqualTo(this.dashboards.salesByRegionJoined(everyone, HEAD).rows());
			assertThat(this.dashboards.table("salesByRegion", everyone, this.repA).rows())
				.as("sales by region for A %s", List.of(p))
				.isEqualTo(this.dashboards.salesByRegionJoined(everyone, this.repA).rows());
			DashboardFilter repB = period(p[0], p[1], null, this.repB.userId());
			assertThat(this.dashboards.table("salesByRegion", repB, ADMIN).rows())
				.as("sales by region of B %s", List.of(p))
				.isEqualTo(this.dashboards.salesByRegionJoined(repB, ADMIN).rows());
			for (Actor rep : List.of(this.repA, this.repB)) {
				// a region chosen takes the visited companies joined to their sales
				assertThat(this.dashboards.table("sales", period(p[0], p[1], null, rep.userId()), HEAD).rows())
					.as("sales of %s %s", rep.userId(), List.of(p))
					.isEqualTo(
							this.dashboards.table("sales", period(p[0], p[1], this.region, rep.userId()), HEAD).rows());
			}
		}
		// by hand, March: k1 (visited 10 March) 350, k2 (2 March) 10; k3 (visited in
		// April only) 40 and k4 70 unvisited
		assertThat(this.dashboards.table("salesByRegion", period("2031-03-01", "2031-03-31", null, null), ADMIN).rows())
			.contains(List.of(this.region, new BigDecimal("360.00"), new BigDecimal("110.00"), 2L, 2L));
		// A in March: k1 (a sale 5 days on) and k2 (39 days on) visited, their sales 1
		// March to 30 April: 350 + 310
		assertThat(sales("2031-03-01", "2031-03-31", this.repA).rows()).extracting((r) -> r.subList(2, 6))
			.containsExactly(List.of(2L, 1L, new BigDecimal("50.0"), new BigDecimal("660.00")));
		// B in March: no completed visit; k1 (visited by B in February) unvisited
		assertThat(sales("2031-03-01", "2031-03-31", this.repB).rows()).isEmpty();
		assertThat(this.dashboards
			.table("salesByRegion", period("2031-03-01", "2031-03-31", null, this.repB.userId()), ADMIN)
			.rows()).contains(List.of(this.region, BigDecimal.ZERO, new BigDecimal("470.00"), 0L, 4L));
	}

	@Test
	void aCompanyMovedToAnotherRegionTakesItsSalesThere() {
		Company k4 = this.mirror.company(this.mine.get(3)).orElseThrow();
		String other = this.region + "-2";
		this.mirror.save(new Company(k4.id(), k4.title(), k4.assignedById(), k4.phones(), k4.emails(), k4.address(),
				k4.city(), other, k4.postalCode(), k4.country(), k4.latitude(), k4.longitude(), k4.modifiedAt(),
				k4.inn(), k4.openingHours(), k4.decisionMaker(), k4.productsOfInterest(), k4.extraFields()));
		DashboardFilter march = period("2031-03-01", "2031-03-31", null, null);
		assertThat(this.dashboards.table("salesByRegion", march, ADMIN).rows()).contains(
				List.of(this.region, new BigDecimal("360.00"), new BigDecimal("40.00"), 2L, 1L),
				List.of(other, BigDecimal.ZERO, new BigDecimal("70.00"), 0L, 1L));
		assertThat(this.dashboards.table("salesByRegion", march, ADMIN).rows())
			.isEqualTo(this.dashboards.salesByRegionJoined(march, ADMIN).rows());
		assertThat(this.dashboards.table("salesByRegion", period("2031-03-02", "2031-03-31", null, null), ADMIN).rows())
			.isEqualTo(
					this.dashboards.salesByRegionJoined(period("2031-03-02", "2031-03-31", null, null), ADMIN).rows());
	}

	@Test
	void anotherWindowIsFilledAtStartAndTheOldOneIsReadFromTheVisitsMeanwhile() {
		Table march = sales("2031-03-01", "2031-03-31", this.repA);
		try {
			// as at a start with conversion-days: 7
			this.conversion.keep(7);
			assertThat(this.conversion.kept(7)).isTrue();
			assertThat(this.conversion.kept(30)).isFalse();
			// A's March: k1 5 days to a sale, k2 39 days
			assertThat(this.jdbc.sql("""
					select sum(visits), sum(converted) from dash_conversion_month
					where window_days = 7 and rep_id = ? and on_month = ?
					""")
				.params(this.repA.userId(), LocalDate.parse("2031-03-01"))
				.query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2)))
				.single()).containsExactly(2L, 1L);
			// the configured 30 days, no longer kept by month, are counted from the
			// visits
			assertThat(sales("2031-03-01", "2031-03-31", this.repA).rows()).isEqualTo(march.rows());
		}
		finally {
			this.conversion.keep(30);
		}
		assertThat(sales("2031-03-01", "2031-03-31", this.repA).rows()).isEqualTo(march.rows());
	}

	@Test
	void theMigrationFillsTheSummariesFromTheRowsAlreadyThere() throws Exception {
		String companies = this.mine.stream().map(String::valueOf).collect(Collectors.joining(", "));
		String reps = "'" + this.repA.userId() + "', '" + this.repB.userId() + "'";
		List<String> queries = List.of(
				"select document_number, company_id, region, on_day, amount, prev_sale_day, prev_visit_day,"
						+ " next_visit_day from dash_sale where company_id in (" + companies + ") order by 1",
				"select document_number, rep_id, company_id, on_day, amount, prev_visit_day, next_visit_day"
						+ " from dash_sale_rep where company_id in (" + companies + ") order by 1, 2",
				"select on_month, prev_visit_month, next_visit_month, prev_sale_month, amount_cents, sales"
						+ " from dash_sale_month where region = '" + this.region
						+ "' and sales <> 0 order by 1, 2, 3, 4",
				"select rep_id, on_month, prev_visit_month, next_visit_month, amount_cents, sales"
						+ " from dash_sale_rep_month where rep_id in (" + reps + ") and sales <> 0 order by 1, 2, 3, 4",
				"select window_days, on_month, rep_id, visit_type, visits, converted from dash_conversion_month"
						+ " where region = '" + this.region + "' and visits <> 0 order by 1, 2, 3, 4");
		List<List<Map<String, Object>>> kept = queries.stream()
			.map((sql) -> this.jdbc.sql(sql).query().listOfRows())
			.toList();
		// every sale once, and once per rep who completed a visit to its company (k1 two
		// reps, k2 and k3 one); the sales of March, April and May by the months of the
		// visits around them; A's and B's completed visits by month and type
		assertThat(kept).extracting(List::size).containsExactly(9, 4 * 2 + 2 + 2, 7, 8, 4);
		Table march = this.dashboards.table("sales", period("2031-03-01", "2031-03-31", null, this.repA.userId()),
				HEAD);
		for (String table : List.of("dash_sale", "dash_sale_rep", "dash_sale_month", "dash_sale_rep_month",
				"dash_conversion_month", "dash_conversion_window")) {
			this.jdbc.sql("delete from " + table).update();
		}
		String migration = Files
			.readString(Path.of("src/main/resources/db/migration/V120__dashboard_sales_summaries.sql"));
		for (String sql : migration.split(";")) {
			String statement = sql.lines().filter((l) -> !l.startsWith("--")).collect(Collectors.joining("\n"));
			if (statement.trim().startsWith("insert into dash_")) {
				this.jdbc.sql(statement).update();
			}
		}
		// and the estimate's sums (V140) on top
		String effect = Files.readString(Path.of("src/main/resources/db/migration/V140__dashboard_visit_effect.sql"));
		for (String sql : effect.split(";")) {
			String statement = sql.lines().filter((l) -> !l.startsWith("--")).collect(Collectors.joining("\n")).trim();
			if (statement.startsWith("update dash_") || statement.startsWith("delete from dash_")
					|| statement.startsWith("insert into dash_")) {
				this.jdbc.sql(statement).update();
			}
		}
		assertThat(this.conversion.kept(30)).isTrue();
		assertThat(queries.stream().map((sql) -> this.jdbc.sql(sql).query().listOfRows()).toList()).isEqualTo(kept);
		assertThat(this.dashboards.table("sales", period("2031-03-01", "2031-03-31", null, this.repA.userId()), HEAD)
			.rows()).isEqualTo(march.rows());
	}

}
