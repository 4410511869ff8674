package ru.visitflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.field.CheckFigures;
import ru.visitflow.identity.Actor;
import ru.visitflow.sales.SalesRow;
import ru.visitflow.sales.SalesService;
import ru.visitflow.identity.Role;
import ru.visitflow.plan.PlanTestSupport;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.Rows;
import ru.visitflow.visit.VisitFigures;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/**
 * Dashboard numbers against hand-computed answers on small fixed data in a region of
 * their own: visits at the month's edge in Moscow time, a rescheduled visit counted by
 * its new date, plans, sales from 1C. Also who sees what, and the Power BI feed's tokens.
 */
@AutoConfigureMockMvc
class DashboardTests extends PlanTestSupport {

	private static final LocalDate DEC_1 = LocalDate.parse("2026-12-01");

	private static final LocalDate DEC_31 = LocalDate.parse("2026-12-31");

	private static final Actor ADMIN = new Actor("admin", Set.of(Role.ADMIN));

	@Autowired
	private DashboardService dashboards;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private VisitFigures figures;

	@Autowired
	private CheckFigures checkFigures;

	@Autowired
	private VisitService visitService;

	private final List<UUID> visits = new ArrayList<>();

	private UUID january;

	private UUID moved;

	private long c3;

	@Autowired
	private SalesService sales;

	private String region;

	private Actor rep;

	@BeforeEach
	void fixedData() {
		this.region = "Край-" + UUID.randomUUID().toString().substring(0, 8);
		this.rep = newRep();
		long c1 = companyIn(this.region);
		long c2 = companyIn(this.region);
		long c3 = companyIn(this.region);
		UUID first = visit(c1, "meeting", "COMPLETED", moscow("2026-12-05T10:00"));
		stageChange(first, "DRAFT", moscow("2026-11-20T12:00"));
		stageChange(first, "IN_WORK", moscow("2026-11-28T00:00"));
		stageChange(first, "COMPLETED", moscow("2026-12-05T11:30"));
		// the last evening of December in Moscow is still December
		visit(c2, "meeting", "COMPLETED", moscow("2026-12-31T23:30"));
		visit(c1, "training", "OVERDUE", moscow("2026-12-10T10:00"));
		visit(c2, "meeting", "CANCELLED", moscow("2026-12-12T10:00"));
		// just after midnight on 1 January in Moscow: 31 December in UTC, but not
		// December here
		this.january = visit(c3, "meeting", "DRAFT", moscow("2027-01-01T00:30"));
		// the evening of 30 November in Moscow: not December
		visit(c3, "merchandising", "COMPLETED", moscow("2026-11-30T23:30"));
		// planned for 20 November, rescheduled to 15 December: counted in December
		UUID moved = visit(c3, "merchandising", "IN_WORK", moscow("2026-12-15T10:00"));
		this.moved = moved;
		stageChange(moved, "DRAFT", moscow("2026-11-01T12:00"));
		stageChange(moved, "IN_WORK", moscow("2026-11-13T00:00"));
		stageChange(moved, "DRAFT", moscow("2026-11-15T00:00"));
		stageChange(moved, "IN_WORK", moscow("2026-12-08T00:00"));
		this.jdbc.sql("""
				insert into visit_plan (id, supervisor_id, scope, rep_id, period_start, period_end, time_zone, target,
				  formed_by, status, created_at, created_by)
				values (?, 'head1', 'REP', ?, ?, ?, 'Europe/Moscow', 10, 'HEAD', 'ACTIVE', current_timestamp, 'head1')
				""").params(UUID.randomUUID(), this.rep.userId(), DEC_1, DEC_31).update();
		sale(c1, "2026-12-20", "1000.50");
		sale(c2, "2026-11-01", "500.00");
		sale(c3, "2026-12-03", "200.00");
		this.c3 = c3;
		// rows written by SQL around the repository and the import: counted into the
		// summaries once
		this.visits.forEach(this.figures::counted);
	}

	private long companyIn(String region) {
		long id = company("Компания", 999_999L);
		this.jdbc.sql("update company set region = ? where id = ?").params(region, id).update();
		return id;
	}

	private UUID visit(long companyId, String type, String stage, Instant plannedStart) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into visit (id, company_id, company_title, rep_id, visit_type, planned_start, duration_minutes,
				  time_zone, region, origin, stage, stage_changed_at, version, created_at, created_by)
				values (?, ?, 'Компания', ?, ?, ?, 60, 'Europe/Moscow', ?, 'MANUAL', ?, ?, 0, ?, 'test')
				""")
			.params(id, companyId, this.rep.userId(), type, Rows.utc(plannedStart), this.region, stage,
					Rows.utc(plannedStart), Rows.utc(plannedStart))
			.update();
		this.visits.add(id);
		return id;
	}

	private void stageChange(UUID visit, String stage, Instant at) {
		this.jdbc.sql("""
				insert into visit_stage_change (visit_id, to_stage, changed_at, changed_by) values (?, ?, ?, 'test')
				""").params(visit, stage, Rows.utc(at)).update();
	}

	private void sale(long companyId, String date, String amount) {
		SalesBySql.insert(this.jdbc, companyId, date, amount);
	}

	private Table table(String name, Actor actor) {
		return this.dashboards.table(name, new DashboardFilter(DEC_1, DEC_31, this.region, null, null), actor);
	}

	private Table january(String name) {
		return this.dashboards.table(name, new DashboardFilter(LocalDate.parse("2027-01-01"),
				LocalDate.parse("2027-01-31"), this.region, null, null), HEAD);
	}

	private void checkIn(UUID visit, String kind, String grade, String flags, Instant at) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				insert into field_check (id, visit_id, kind, rep_id, company_id, server_time, distance_m, grade, flags,
				  location_proposed)
				select ?, id, ?, rep_id, company_id, ?, 42, ?, ?, false from visit where id = ?
				""").params(id, kind, Rows.utc(at), grade, flags, visit).update();
		this.checkFigures.counted(id);
	}

	@Test
	void aRescheduleMovesTheVisitAndItsStaysBetweenMonths() {
		// the visit of 1 January (Moscow) is brought forward into December
		this.visitService.applyPlannedStart(this.january, "2026-12-20T10:00");
		assertThat(table("regions", HEAD).rows()).containsExactly(List.of(this.region, 1L, 1L, 2L, 1L, 0L, 1L, 6L));
		assertThat(january("regions").rows()).isEmpty();
		// the visit rescheduled to 15 December goes on to 10 January, with its stays
		this.visitService.applyPlannedStart(this.moved, "2027-01-10T10:00");
		assertThat(table("regions", HEAD).rows()).containsExactly(List.of(this.region, 1L, 0L, 2L, 1L, 0L, 1L, 5L));
		assertThat(january("regions").rows()).containsExactly(List.of(this.region, 0L, 1L, 0L, 0L, 0L, 0L, 1L));
		assertThat(table("stages", HEAD).rows()).containsExactly(
				List.of("DRAFT", 1L, new BigDecimal("180.0"), new BigDecimal("180.0")),
				List.of("IN_WORK", 1L, new BigDecimal("179.5"), new BigDecimal("179.5")));
		assertThat(january("stages").rows()).containsExactly(
				List.of("DRAFT", 2L, new BigDecimal("276.0"), new BigDecimal("552.0")),
				List.of("IN_WORK", 1L, new BigDecimal("48.0"), new BigDecimal("48.0")));
		assertThat(january("weeks").rows()).extracting((r) -> r.get(1)).containsExactly(0L, 1L, 0L, 0L, 0L);
	}

	@Test
	void aStageChangeMovesTheCountAndAddsTheStayLeft() {
		// the visit in work since 8 December 00:00 (Moscow) is completed at the test
		// clock's 1 December 09:00: a stay clamped to 0 h
		this.visitService.enterStage(this.moved, VisitStage.COMPLETED, "test", null);
		assertThat(table("regions", HEAD).rows()).containsExactly(List.of(this.region, 0L, 0L, 3L, 1L, 0L, 1L, 5L));
		assertThat(table("stages", HEAD).rows()).containsExactly(
				List.of("DRAFT", 3L, new BigDecimal("276.0"), new BigDecimal("552.0")),
				List.of("IN_WORK", 3L, new BigDecimal("48.0"), new BigDecimal("179.5")));
	}

	@Test
	void aCompletionAndASalesImportUpdateTheConversion() {
		// the visit of 15 December (company 3) is completed; 1C then reports a sale on 20
		// December, and another 40 days after the December visits, outside the window
		this.visitService.enterStage(this.moved, VisitStage.COMPLETED, "test", null);
		assertThat(table("sales", HEAD).rows().get(0).subList(2, 5)).containsExactly(3L, 1L, new BigDecimal("33.3"));
		this.sales.importRows(
				List.of(new SalesRow(2, "D-" + UUID.randomUUID(), "2026-12-20", "300.00", null, Long.toString(this.c3)),
						new SalesRow(3, "D-" + UUID.randomUUID(), "2027-02-10", "50.00", null, Long.toString(this.c3))),
				"TEST", null, ADMIN);
		List<Object> row = table("sales", HEAD).rows().get(0);
		assertThat(row.subList(2, 5)).containsExactly(3L, 2L, new BigDecimal("66.7"));
		// sales of the visited companies 1 December to 30 January: 1000.50 + 200.00 +
		// 300.00
		assertThat(row.get(5)).isEqualTo(new BigDecimal("1500.50"));
	}

	@Test
	void checkInQualityPerRepWithSharesAndTheVisitsBehind() {
		checkIn(this.visits.get(0), "CHECK_IN", "WITHIN_50M", null, moscow("2026-12-05T10:05"));
		checkIn(this.visits.get(0), "CHECK_OUT", "FAR_AWAY", null, moscow("2026-12-05T11:05"));
		checkIn(this.visits.get(1), "CHECK_IN", "WITHIN_50M", "ZERO_ACCURACY", moscow("2026-12-31T23:40"));
		checkIn(this.visits.get(2), "CHECK_IN", "OUTSIDE_RADIUS", null, moscow("2026-12-10T10:00"));
		checkIn(this.visits.get(3), "CHECK_IN", "NO_POSITION", null, moscow("2026-12-12T10:00"));
		// 1 January 00:35 in Moscow is still 31 December in UTC: not December here
		checkIn(this.january, "CHECK_IN", "FAR_AWAY", "CLOCK_SKEW", moscow("2027-01-01T00:35"));
		Table checks = table("checks", HEAD);
		assertThat(checks.columns()).startsWith("rep_id", "rep_name", "check_ins", "within_50m", "within_50m_pct");
		BigDecimal none = new BigDecimal("0.0");
		BigDecimal quarter = new BigDecimal("25.0");
		assertThat(checks.rows()).containsExactly(List.of(this.rep.userId(), "Пётр Планов", 4L, 2L,
				new BigDecimal("50.0"), 0L, none, 0L, none, 1L, quarter, 0L, none, 1L, quarter, 0L, none, 1L, quarter));
		DashboardFilter december = new DashboardFilter(DEC_1, DEC_31, this.region, this.rep.userId(), null);
		assertThat(this.dashboards.checkVisits(december, "WITHIN_50M", false, HEAD, 100).rows())
			.extracting((r) -> r.get(0))
			.containsExactly(this.visits.get(1).toString(), this.visits.get(0).toString());
		assertThat(this.dashboards.checkVisits(december, null, true, HEAD, 100).rows()).extracting((r) -> r.get(0))
			.containsExactly(this.visits.get(1).toString());
		assertThat(january("checks").rows().get(0).subList(2, 4)).containsExactly(1L, 0L);
		assertThat(table("checks", new Actor("head9", Set.of(Role.SUPERVISOR))).rows()).isEmpty();
		assertThatThrownBy(() -> this.dashboards.checkVisits(december, "NEAR", false, HEAD, 100))
			.isInstanceOf(InvalidInputException.class);
	}

	@Test
	void checkInQualityExportsAndLinksToItsVisits() throws Exception {
		checkIn(this.visits.get(0), "CHECK_IN", "WITHIN_100M", null, moscow("2026-12-05T10:05"));
		String csv = this.mvc
			.perform(get("/dashboards/export/checks.csv").param("from", "2026-12-01")
				.param("to", "2026-12-31")
				.param("region", this.region)
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(csv).contains(this.rep.userId() + ",Пётр Планов,1,0,0.0,1,100.0,");
		this.mvc
			.perform(get("/dashboards/export/checks.xlsx").param("region", this.region)
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk());
		this.mvc
			.perform(get("/api/dashboards/checks/visits").param("from", "2026-12-01")
				.param("to", "2026-12-31")
				.param("region", this.region)
				.param("repId", this.rep.userId())
				.param("grade", "WITHIN_100M")
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(this.visits.get(0).toString())));
		this.mvc.perform(get("/api/dashboards/checks/visits").param("grade", "NEAR").with(httpBasic("head1", "secret")))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/dashboards").param("region", this.region).with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/api/dashboards/checks/visits")));
		// notes rendered with an argument go through MessageFormat: an apostrophe must
		// survive it
		this.mvc.perform(
				get("/dashboards").param("region", this.region).param("lang", "en").with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("by the server&#39;s clock in the visit&#39;s time zone")));
	}

	@Test
	void histogramPercentilesAreExactAtTheBucketsEdgesAndWithinTheBucketElsewhere() {
		// one bucket of three stays between 100 and 110 s: the middle is estimated on the
		// line
		List<long[]> histogram = List.of(new long[] { 1, 10, 10 }, new long[] { 3, 100, 110 });
		assertThat(DashboardService.percentile(histogram, 4, 0.25)).isEqualTo(10);
		assertThat(DashboardService.percentile(histogram, 4, 0.5)).isEqualTo(100);
		assertThat(DashboardService.percentile(histogram, 4, 0.75)).isEqualTo(105);
		assertThat(DashboardService.percentile(histogram, 4, 0.9)).isEqualTo(110);
		assertThat(VisitFigures.bucket(59)).isZero();
		assertThat(VisitFigures.bucket(60)).isEqualTo(1);
		assertThat(VisitFigures.bucket(120)).isEqualTo(5);
	}

	@Test
	void byRegionCountsTheMonthInTheViewersTimeZone() {
		assertThat(table("regions", HEAD).rows()).containsExactly(List.of(this.region, 0L, 1L, 2L, 1L, 0L, 1L, 5L));
	}

	@Test
	void periodsOfWholeAndPartialMonthsCountTheSame() {
		// the last day of November, all of December and the first of January
		assertThat(this.dashboards
			.table("regions",
					new DashboardFilter(LocalDate.parse("2026-11-30"), LocalDate.parse("2027-01-01"), this.region, null,
							null),
					HEAD)
			.rows()).containsExactly(List.of(this.region, 1L, 1L, 3L, 1L, 0L, 1L, 7L));
		// part of one month: from 6 December
		assertThat(this.dashboards
			.table("regions", new DashboardFilter(LocalDate.parse("2026-12-06"), DEC_31, this.region, null, null), HEAD)
			.rows()).containsExactly(List.of(this.region, 0L, 1L, 1L, 1L, 0L, 1L, 4L));
		// two whole months
		assertThat(this.dashboards
			.table("types",
					new DashboardFilter(LocalDate.parse("2026-11-01"), LocalDate.parse("2027-01-31"), this.region, null,
							null),
					HEAD)
			.rows()).extracting((r) -> r.subList(0, 3))
			.containsExactly(List.of("meeting", 3L, 2L), List.of("merchandising", 2L, 1L), List.of("training", 1L, 0L));
	}

	@Test
	void planVsFactPerRepWithThePace() {
		List<List<Object>> rows = table("reps", HEAD).rows();
		assertThat(rows).hasSize(1);
		List<Object> row = rows.get(0);
		assertThat(row.get(0)).isEqualTo(this.rep.userId());
		assertThat(row.get(2)).isEqualTo(10L);
		// 1 December 09:00 Moscow: 9 hours of 31 days have passed
		assertThat(row.get(3)).isEqualTo(0L);
		assertThat(row.subList(4, 8)).containsExactly(2L, 2L, 1L, 0L);
		assertThat(row.get(8)).isEqualTo(new BigDecimal("20.0"));
	}

	@Test
	void typesAndTheirSharesLeaveCancelledOut() {
		assertThat(table("types", HEAD).rows()).containsExactly(List.of("meeting", 2L, 2L, new BigDecimal("50.0")),
				List.of("merchandising", 1L, 0L, new BigDecimal("25.0")),
				List.of("training", 1L, 0L, new BigDecimal("25.0")));
	}

	@Test
	void factVsPlanByWeek() {
		List<List<Object>> rows = table("weeks", HEAD).rows();
		assertThat(rows).extracting((r) -> r.get(0))
			.containsExactly("2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28");
		assertThat(rows).extracting((r) -> r.subList(1, 3))
			.containsExactly(List.of(1L, 1L), List.of(1L, 0L), List.of(1L, 0L), List.of(0L, 0L), List.of(1L, 1L));
		assertThat(rows.get(4).get(4)).isEqualTo(2L);
		// the plan's 10 visits spread over the 31 days
		assertThat(rows.get(4).get(5)).isEqualTo(10L);
	}

	@Test
	void timeInEachStageFromTheStageHistory() {
		// DRAFT left three times: 180 h, 276 h, 552 h; IN_WORK twice: 179.5 h, 48 h
		assertThat(table("stages", HEAD).rows()).containsExactly(
				List.of("DRAFT", 3L, new BigDecimal("276.0"), new BigDecimal("552.0")),
				List.of("IN_WORK", 2L, new BigDecimal("48.0"), new BigDecimal("179.5")));
	}

	@Test
	void salesBesideVisitsWithConversion() {
		assertThat(table("sales", HEAD).rows()).containsExactly(
				List.of(this.rep.userId(), "Пётр Планов", 2L, 1L, new BigDecimal("50.0"), new BigDecimal("1000.50")));
		assertThat(table("salesByRegion", HEAD).rows())
			.containsExactly(List.of(this.region, new BigDecimal("1000.50"), new BigDecimal("200.00"), 1L, 1L));
	}

	@Test
	void aSupervisorSeesOnlyTheirTeamAndARepOnlyTheirOwnNumbers() {
		Actor otherHead = new Actor("head9", Set.of(Role.SUPERVISOR));
		assertThat(table("regions", otherHead).rows()).isEmpty();
		assertThat(table("regions", this.rep).rows()).hasSize(1);
		assertThat(table("regions", newRep()).rows()).isEmpty();
		assertThat(table("regions", ADMIN).rows()).hasSize(1);
		assertThatThrownBy(
				() -> this.dashboards.table("regions", new DashboardFilter(DEC_1, DEC_31, null, "rep3", null), HEAD))
			.isInstanceOf(ForbiddenException.class);
	}

	@Test
	void thePageIsForHeadsAndExportsEveryTable() throws Exception {
		this.mvc.perform(get("/dashboards").param("region", this.region).with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(this.region)));
		this.mvc.perform(get("/dashboards").with(httpBasic("rep1", "secret"))).andExpect(status().isForbidden());
		String csv = this.mvc
			.perform(get("/dashboards/export/regions.csv").param("from", "2026-12-01")
				.param("to", "2026-12-31")
				.param("region", this.region)
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(csv).contains("region,planned,in_work,completed,overdue,failed,cancelled,total")
			.contains(this.region + ",0,1,2,1,0,1,5");
		this.mvc
			.perform(get("/dashboards/export/types.xlsx").param("region", this.region)
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk());
	}

	@Test
	void theFeedRefusesAMissingOrWrongTokenAndServesTheViews() throws Exception {
		this.mvc.perform(get("/feed/visits.csv")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/feed/visits.csv").header("Authorization", "Bearer wrong"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/feed/visits.csv").with(httpBasic("head1", "secret")))
			.andExpect(status().isUnauthorized());
		String csv = this.mvc
			.perform(get("/feed/visits.csv").param("from", "2026-12-01")
				.header("Authorization", "Bearer test-feed-token"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(csv.lines().findFirst().orElseThrow())
			.startsWith("\uFEFFvisit_id,rep_id,company_id,company_title,region");
		assertThat(csv).contains(this.region);
		for (String dataset : List.of("stage_changes", "plans", "sales")) {
			this.mvc.perform(get("/feed/" + dataset + ".csv").header("X-Feed-Token", "test-feed-token"))
				.andExpect(status().isOk());
		}
		this.mvc.perform(get("/feed/sales.xlsx").header("X-Feed-Token", "test-feed-token")).andExpect(status().isOk());
		this.mvc.perform(get("/feed/secrets.csv").header("X-Feed-Token", "test-feed-token"))
			.andExpect(status().isNotFound());
	}

}
