package ru.visitflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.plan.PlanTestSupport;
import ru.visitflow.system.Rows;
import ru.visitflow.visit.ConversionFigures;
import ru.visitflow.visit.VisitFigures;

/**
 * The estimate of the visits' effect (a difference in differences) on a small fixed data
 * set whose numbers are worked out by hand: two regions, visited companies with sales
 * before and after their visits, unvisited (control) companies with sales in the same
 * windows, a visit at the period's end, a sale imported after the visit. The data lives
 * in 2032 (window 30 days), a period no other suite uses.
 */
@AutoConfigureMockMvc
class VisitEffectTests extends PlanTestSupport {

	private static final AtomicLong companies = new AtomicLong(System.nanoTime() % 50_000_000L + 1_600_000_000L);

	private static final Actor ADMIN = new Actor("admin", Set.of(Role.ADMIN));

	@Autowired
	private DashboardService dashboards;

	@Autowired
	private VisitFigures figures;

	@Autowired
	private ConversionFigures conversion;

	@Autowired
	private UserDirectory users;

	@Autowired
	private MockMvc mvc;

	private String north;

	private String south;

	private Actor repA;

	private Actor repB;

	private Actor otherHead;

	private long a1;

	private final List<Long> mine = new ArrayList<>();

	@BeforeEach
	void fixedData() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		this.north = "Север-" + tag;
		this.south = "Юг-" + tag;
		this.repA = newRep();
		this.repB = newRep();
		// B works for another supervisor
		this.otherHead = new Actor("effhead-" + tag, Set.of(Role.SUPERVISOR));
		UserProfile b = this.users.profile(this.repB.userId()).orElseThrow();
		this.users.saveProfile(
				new UserProfile(b.userId(), b.bitrix24UserId(), b.timeZone(), this.otherHead.userId(), b.region()));
		// the north: a1 visited by A on 10 March, a2 by B on 31 March (the period's end);
		// c1, c2 never visited, c3 visited in January only (before the extended period
		// 31 Jan..30 Apr): the control; c4 visited by A on 20 April (in the extended
		// period, not in the period): neither
		this.a1 = company(this.north);
		long a2 = company(this.north);
		long c1 = company(this.north);
		company(this.north);
		long c3 = company(this.north);
		long c4 = company(this.north);
		visit(this.a1, this.repA, "2032-03-10T10:00");
		visit(a2, this.repB, "2032-03-31T10:00");
		visit(c3, this.repA, "2032-01-15T10:00");
		visit(c4, this.repA, "2032-04-20T10:00");
		sale(this.a1, "2032-01-01", "1000.00");
		sale(this.a1, "2032-02-20", "100.00");
		sale(this.a1, "2032-03-20", "300.00");
		sale(a2, "2032-03-01", "20.00");
		sale(a2, "2032-04-25", "50.00");
		sale(c1, "2032-03-05", "60.00");
		sale(c1, "2032-03-15", "90.00");
		sale(c3, "2032-04-10", "30.00");
		sale(c4, "2032-03-15", "500.00");
		// the south: its only company visited, no control
		long b1 = company(this.south);
		visit(b1, this.repA, "2032-03-15T10:00");
		sale(b1, "2032-03-20", "10.00");
		this.mine.forEach((company) -> this.conversion.salesChanged(List.of(company)));
	}

	private long company(String region) {
		long id = companies.incrementAndGet();
		this.jdbc.sql("""
				insert into company (id, title, assigned_by_id, region, synced_at)
				values (?, 'Компания', 999999, ?, current_timestamp)
				""").params(id, region).update();
		this.mine.add(id);
		return id;
	}

	private void visit(long companyId, Actor rep, String moscowStart) {
		UUID id = UUID.randomUUID();
		Instant start = moscow(moscowStart);
		String region = this.jdbc.sql("select region from company where id = ?")
			.param(companyId)
			.query(String.class)
			.single();
		this.jdbc
			.sql("""
					insert into visit (id, company_id, company_title, rep_id, visit_type, planned_start, duration_minutes,
					  time_zone, region, origin, stage, stage_changed_at, version, created_at, created_by)
					values (?, ?, 'Компания', ?, 'meeting', ?, 60, 'Europe/Moscow', ?, 'MANUAL', 'COMPLETED', ?, 0, ?, 'test')
					""")
			.params(id, companyId, rep.userId(), Rows.utc(start), region, Rows.utc(start), Rows.utc(start))
			.update();
		this.figures.counted(id);
	}

	private void sale(long companyId, String date, String amount) {
		SalesBySql.insert(this.jdbc, companyId, date, amount);
	}

	private List<Object> row(String region, String from, String to, String repId, Actor actor) {
		Table table = this.dashboards.table("effect",
				new DashboardFilter(LocalDate.parse(from), LocalDate.parse(to), region, repId, null), actor);
		assertThat(table.columns()).containsExactly("region", "visits", "sales_before_avg", "sales_after_avg",
				"change_avg", "control_companies", "control_change_avg", "effect_avg");
		return table.rows().stream().filter((r) -> region.equals(r.get(0))).findFirst().orElse(null);
	}

	private static List<Object> expected(Object... cells) {
		List<Object> out = new ArrayList<>();
		for (Object cell : cells) {
			out.add((cell instanceof String s && !s.isEmpty() && Character.isDigit(s.charAt(s.length() - 1))
					&& s.contains(".")) ? new BigDecimal(s) : cell);
		}
		return out;
	}

	@Test
	void theVisitedChangeLessTheControlChangePerVisit() {
		// visits: a1 100 before, 300 after; a2 20 before, 50 after (its window runs to
		// 30 April, past the period). Control (c1, c2, c3): at 10 March 90 after, 60
		// before; at 31 March 30 after, 150 before: -90 over 2 visits and 3 companies
		List<Object> expected = expected(this.north, 2L, "60.00", "175.00", "115.00", 3L, "-15.00", "130.00");
		assertThat(row(this.north, "2032-03-01", "2032-03-31", null, ADMIN)).isEqualTo(expected);
		// the same from the visits alone, without the whole month's sums
		assertThat(row(this.north, "2032-03-02", "2032-03-31", null, ADMIN)).isEqualTo(expected);
		// partial months at both edges around a whole one (the extended period 21 January
		// to 5 May still leaves c3 in the control and c4 out)
		assertThat(row(this.north, "2032-02-20", "2032-04-05", null, ADMIN)).isEqualTo(expected);
		// the south has no company without a visit: no control, no estimate
		assertThat(row(this.south, "2032-03-01", "2032-03-31", null, ADMIN))
			.isEqualTo(expected(this.south, 1L, "0.00", "10.00", "10.00", 0L, "", ""));
		// without a region chosen, both regions
		Table all = this.dashboards.table("effect",
				new DashboardFilter(LocalDate.parse("2032-03-01"), LocalDate.parse("2032-03-31"), null, null, null),
				ADMIN);
		assertThat(all.rows()).contains(expected, expected(this.south, 1L, "0.00", "10.00", "10.00", 0L, "", ""));
	}

	@Test
	void aSaleImportedAfterTheVisitChangesTheEstimate() {
		sale(this.a1, "2032-04-01", "40.00");
		this.conversion.salesChanged(List.of(this.a1));
		// a1 after: 340; the north's after average (340 + 50) / 2
		assertThat(row(this.north, "2032-03-01", "2032-03-31", null, ADMIN))
			.isEqualTo(expected(this.north, 2L, "60.00", "195.00", "135.00", 3L, "-15.00", "150.00"));
		// a sale of a control company moves the control
		long c1 = this.mine.get(2);
		sale(c1, "2032-04-05", "60.00");
		this.conversion.salesChanged(List.of(c1));
		// at 10 March 150 after, 60 before; at 31 March 90 after, 150 before: 30 / 6
		assertThat(row(this.north, "2032-03-01", "2032-03-31", null, ADMIN))
			.isEqualTo(expected(this.north, 2L, "60.00", "195.00", "135.00", 3L, "5.00", "130.00"));
	}

	@Test
	void eachViewerSeesTheRowsOfTheVisitsTheyMaySee() {
		// head1 sees A (the 10 March visit); the control stays the region's
		assertThat(row(this.north, "2032-03-01", "2032-03-31", null, HEAD))
			.isEqualTo(expected(this.north, 1L, "100.00", "300.00", "200.00", 3L, "10.00", "190.00"));
		assertThat(row(this.south, "2032-03-01", "2032-03-31", null, HEAD)).isNotNull();
		// B's supervisor sees B's visit at the period's end only
		assertThat(row(this.north, "2032-03-01", "2032-03-31", null, this.otherHead))
			.isEqualTo(expected(this.north, 1L, "20.00", "50.00", "30.00", 3L, "-40.00", "70.00"));
		assertThat(row(this.south, "2032-03-01", "2032-03-31", null, this.otherHead)).isNull();
		// a rep their own
		assertThat(row(this.north, "2032-03-01", "2032-03-31", null, this.repB))
			.isEqualTo(row(this.north, "2032-03-01", "2032-03-31", null, this.otherHead));
		assertThat(row(this.north, "2032-03-01", "2032-03-31", this.repA.userId(), ADMIN))
			.isEqualTo(row(this.north, "2032-03-01", "2032-03-31", null, HEAD));
		// the visits behind the number
		Table visits = this.dashboards.effectVisits(new DashboardFilter(LocalDate.parse("2032-03-01"),
				LocalDate.parse("2032-03-31"), this.north, null, null), this.otherHead, 500);
		assertThat(visits.rows()).hasSize(1);
		assertThat(visits.rows().get(0).subList(5, 8)).containsExactly(LocalDate.parse("2032-03-31"),
				new BigDecimal("20.00"), new BigDecimal("50.00"));
	}

	@Test
	void anotherWindowKeptMeanwhileIsNotReadForThisOne() {
		List<Object> march = row(this.north, "2032-03-01", "2032-03-31", null, ADMIN);
		try {
			// as a node started with conversion-days: 7 leaves it
			this.conversion.keep(7);
			// a1: 7 days before 10 March hold no sale, 7 after neither
			assertThat(this.jdbc.sql("""
					select sales_before_cents, sales_after_cents from dash_completed_visit
					where company_id = ?
					""").param(this.a1).query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single())
				.containsExactly(0L, 0L);
			assertThat(row(this.north, "2032-03-01", "2032-03-31", null, ADMIN)).isEqualTo(march);
			assertThat(row(this.north, "2032-03-02", "2032-03-31", null, ADMIN)).isEqualTo(march);
		}
		finally {
			this.conversion.keep(30);
		}
		assertThat(row(this.north, "2032-03-01", "2032-03-31", null, ADMIN)).isEqualTo(march);
	}

	@Test
	void theMigrationFillsWhatTheApplicationWrites() throws Exception {
		String ids = this.mine.stream().map(String::valueOf).collect(Collectors.joining(", "));
		List<String> queries = List.of(
				"select visit_id, sales_before_cents, sales_after_cents from dash_completed_visit"
						+ " where company_id in (" + ids + ") order by 1",
				"select window_days, on_month, rep_id, region, visit_type, visits, converted, sales_before_cents,"
						+ " sales_after_cents from dash_conversion_month where region in ('" + this.north + "', '"
						+ this.south + "') and visits <> 0 order by 1, 2, 3, 4, 5");
		List<List<Map<String, Object>>> kept = queries.stream()
			.map((sql) -> this.jdbc.sql(sql).query().listOfRows())
			.toList();
		assertThat(kept.get(0)).hasSize(5);
		assertThat(kept.get(0)).anySatisfy((r) -> {
			assertThat(((Number) r.get("sales_before_cents")).longValue()).isEqualTo(10_000L);
			assertThat(((Number) r.get("sales_after_cents")).longValue()).isEqualTo(30_000L);
		});
		List<Object> before = row(this.north, "2032-03-01", "2032-03-31", null, ADMIN);
		this.jdbc.sql("update dash_completed_visit set sales_before_cents = -1, sales_after_cents = -1").update();
		String migration = Files
			.readString(Path.of("src/main/resources/db/migration/V140__dashboard_visit_effect.sql"));
		for (String sql : migration.split(";")) {
			String statement = sql.lines().filter((l) -> !l.startsWith("--")).collect(Collectors.joining("\n")).trim();
			if (statement.startsWith("update dash_") || statement.startsWith("delete from dash_")
					|| statement.startsWith("insert into dash_")) {
				this.jdbc.sql(statement).update();
			}
		}
		assertThat(queries.stream().map((sql) -> this.jdbc.sql(sql).query().listOfRows()).toList()).isEqualTo(kept);
		assertThat(row(this.north, "2032-03-01", "2032-03-31", null, ADMIN)).isEqualTo(before);
	}

	@Test
	void thePageExplainsTheEstimateAndEveryNumberExports() throws Exception {
		this.mvc
			.perform(get("/dashboards").param("from", "2032-03-01")
				.param("to", "2032-03-31")
				.param("region", this.north)
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("190.00")))
			.andExpect(content().string(containsString("/api/dashboards/effect/visits?region=")))
			.andExpect(content().string(containsString("разность разностей")))
			.andExpect(content().string(containsString("не доказательство")));
		this.mvc
			.perform(get("/dashboards").param("from", "2032-03-01")
				.param("to", "2032-03-31")
				.param("region", this.south)
				.param("lang", "en")
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("difference in differences")))
			.andExpect(content().string(containsString("<span>—</span>")));
		String csv = this.mvc
			.perform(get("/dashboards/export/effect.csv").param("from", "2032-03-01")
				.param("to", "2032-03-31")
				.param("region", this.north)
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(csv).contains(this.north + ",1,100.00,300.00,200.00,3,10.00,190.00");
		this.mvc
			.perform(get("/dashboards/export/effect.xlsx").param("from", "2032-03-01")
				.param("to", "2032-03-31")
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk());
		String visits = this.mvc
			.perform(get("/api/dashboards/effect/visits").param("from", "2032-03-01")
				.param("to", "2032-03-31")
				.param("region", this.north)
				.param("format", "csv")
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(visits).contains("2032-03-10,100.00,300.00").doesNotContain("2032-03-31");
		// another team's rep, a period backwards
		this.mvc
			.perform(
					get("/api/dashboards/effect").param("repId", this.repB.userId()).with(httpBasic("head1", "secret")))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(get("/api/dashboards/effect").param("from", "2032-03-31")
				.param("to", "2032-03-01")
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isBadRequest());
	}

}
