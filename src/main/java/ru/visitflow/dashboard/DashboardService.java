package ru.visitflow.dashboard;

import static ru.visitflow.system.Rows.instant;
import static ru.visitflow.system.Rows.utc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.ConversionFigures;
import ru.visitflow.visit.VisitAccess;

/**
 * The dashboards' numbers, each one SQL aggregate over summary tables that the
 * transactions writing visits, stage changes and check-ins keep up to date (see
 * {@code VisitFigures}, {@code CheckFigures}, and for sales beside visits
 * {@code ConversionFigures}, which the 1C import keeps too), restricted to the reps the
 * viewer may see: a supervisor their team, a rep themselves, an administrator everyone.
 * Periods are whole days in each visit's own (the rep's) time zone; a visit counts in the
 * period of its planned start (after a reschedule, its new date).
 */
@Service
public class DashboardService {

	public static final List<String> TABLES = List.of("regions", "reps", "types", "weeks", "stages", "sales",
			"salesByRegion", "effect", "checks");

	/** The check-in grades in the order of the check-in quality table's columns. */
	static final List<String> GRADES = List.of("WITHIN_50M", "WITHIN_100M", "WITHIN_RADIUS", "OUTSIDE_RADIUS",
			"FAR_AWAY", "NO_POSITION", "NO_COMPANY_LOCATION");

	/** A sum of no sales, as the database gives it. */
	private static final BigDecimal ZERO_SUM = BigDecimal.ZERO;

	private final JdbcClient jdbc;

	private final VisitAccess access;

	private final UserDirectory users;

	private final DashboardProperties properties;

	private final Clock clock;

	private final IdentityService identityService;

	private final ConversionFigures conversion;

	DashboardService(JdbcClient jdbc, VisitAccess access, UserDirectory users, DashboardProperties properties,
			Clock clock, IdentityService identityService, ConversionFigures conversion) {
		this.identityService = identityService;
		this.conversion = conversion;
		this.jdbc = jdbc;
		this.access = access;
		this.users = users;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The filter with its defaults (this month in the viewer's zone) and checked against
	 * the viewer's rights.
	 */
	public DashboardFilter resolve(DashboardFilter filter, Actor actor) {
		ZoneId zone = this.users.timeZoneOf(actor.userId());
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), zone);
		LocalDate from = (filter.from() != null) ? filter.from() : today.withDayOfMonth(1);
		LocalDate to = (filter.to() != null) ? filter.to() : from.with(TemporalAdjusters.lastDayOfMonth());
		if (to.isBefore(from)) {
			throw new InvalidInputException(List.of(new FieldProblem("to", "invalid", "must not be before from")));
		}
		if (ChronoUnit.DAYS.between(from, to) > 3 * 366) {
			throw new InvalidInputException(
					List.of(new FieldProblem("to", "invalid", "a period is at most three years")));
		}
		String repId = blankToNull(filter.repId());
		if (repId != null && !this.access.mayAct(actor, repId)) {
			throw new ForbiddenException("These numbers belong to another team");
		}
		return new DashboardFilter(from, to, blankToNull(filter.region()), repId, blankToNull(filter.visitType()));
	}

	/**
	 * Keeps the monthly conversion rows for the configured window (filled from the
	 * completed visits when the window changed).
	 */
	@EventListener(ApplicationReadyEvent.class)
	public void keepConversionWindow() {
		this.conversion.keep(this.properties.conversionDays());
	}

	@Transactional(readOnly = true)
	public Table table(String name, DashboardFilter filter, Actor actor) {
		DashboardFilter resolved = resolve(filter, actor);
		return switch (name) {
			case "regions" -> byRegion(resolved, actor);
			case "reps" -> byRep(resolved, actor);
			case "types" -> byType(resolved, actor);
			case "weeks" -> byWeek(resolved, actor);
			case "stages" -> timeInStages(resolved, actor);
			case "sales" -> salesByRep(resolved, actor);
			case "salesByRegion" -> salesByRegion(resolved, actor);
			case "effect" -> visitEffect(resolved, actor);
			case "checks" -> checkQuality(resolved, actor);
			default -> throw new InvalidInputException(
					List.of(new FieldProblem("table", "unknown", "'" + name + "' is not a table; one of " + TABLES)));
		};
	}

	/**
	 * By region: planned (draft and repeat), in work, completed, overdue, failed,
	 * cancelled.
	 */
	Table byRegion(DashboardFilter filter, Actor actor) {
		Where where = visitCounts(filter, actor);
		Map<String, long[]> rows = new TreeMap<>();
		this.jdbc
			.sql("select d.region, d.stage, sum(d.visits) n from " + where.sql
					+ " group by d.region, d.stage having sum(d.visits) <> 0")
			.params(where.params)
			.query((rs) -> {
				long[] counts = rows.computeIfAbsent(rs.getString("region"), (k) -> new long[7]);
				counts[stageColumn(rs.getString("stage"))] += rs.getLong("n");
				counts[6] += rs.getLong("n");
			});
		List<List<Object>> out = new ArrayList<>();
		rows.forEach((region, c) -> out.add(List.of(region, c[0], c[1], c[2], c[3], c[4], c[5], c[6])));
		return new Table("regions",
				List.of("region", "planned", "in_work", "completed", "overdue", "failed", "cancelled", "total"), out);
	}

	/**
	 * Plan vs fact per rep: targets of the reps' plans overlapping the period, the pace
	 * line now, the fact.
	 */
	Table byRep(DashboardFilter filter, Actor actor) {
		Where where = visitCounts(filter, actor);
		Map<String, long[]> rows = new TreeMap<>();
		this.jdbc
			.sql("select d.rep_id, d.stage, sum(d.visits) n from " + where.sql
					+ " group by d.rep_id, d.stage having sum(d.visits) <> 0")
			.params(where.params)
			.query((rs) -> {
				long[] counts = rows.computeIfAbsent(rs.getString("rep_id"), (k) -> new long[7]);
				counts[stageColumn(rs.getString("stage"))] += rs.getLong("n");
				counts[6] += rs.getLong("n");
			});
		Map<String, double[]> targets = new TreeMap<>();
		Instant now = this.clock.instant();
		for (PlanSlice plan : plans(filter, actor, true)) {
			double[] t = targets.computeIfAbsent(plan.repId(), (k) -> new double[2]);
			t[0] += plan.target();
			t[1] += plan.target() * plan.elapsedShare(now);
		}
		targets.keySet().forEach((rep) -> rows.computeIfAbsent(rep, (k) -> new long[7]));
		Map<String, String> names = names(rows.keySet());
		List<List<Object>> out = new ArrayList<>();
		rows.forEach((rep, c) -> {
			double[] t = targets.getOrDefault(rep, new double[2]);
			long target = Math.round(t[0]);
			long completed = c[2];
			long open = c[0] + c[1] + c[3];
			out.add(List.of(rep, names.getOrDefault(rep, rep), target, Math.round(t[1]), completed, open, c[3], c[4],
					percent(completed, target)));
		});
		return new Table("reps", List.of("rep_id", "rep_name", "target", "expected_by_now", "completed", "open",
				"overdue", "failed", "done_pct"), out);
	}

	/** Visit types and their shares (of visits not cancelled). */
	Table byType(DashboardFilter filter, Actor actor) {
		Where where = visitCounts(filter, actor);
		Map<String, long[]> rows = new TreeMap<>();
		this.jdbc
			.sql("select d.visit_type, d.stage, sum(d.visits) n from " + where.sql
					+ " and d.stage <> 'CANCELLED' group by d.visit_type, d.stage having sum(d.visits) <> 0")
			.params(where.params)
			.query((rs) -> {
				long[] counts = rows.computeIfAbsent(rs.getString("visit_type"), (k) -> new long[2]);
				counts[0] += rs.getLong("n");
				if ("COMPLETED".equals(rs.getString("stage"))) {
					counts[1] += rs.getLong("n");
				}
			});
		long total = rows.values().stream().mapToLong((c) -> c[0]).sum();
		List<List<Object>> out = new ArrayList<>();
		rows.forEach((type, c) -> out.add(List.of(type, c[0], c[1], percent(c[0], total))));
		return new Table("types", List.of("visit_type", "visits", "completed", "share_pct"), out);
	}

	/**
	 * Fact vs plan by week (weeks from Monday): visits planned, completed, and the plans'
	 * targets spread by day.
	 */
	Table byWeek(DashboardFilter filter, Actor actor) {
		Where where = days(filter, actor);
		Map<LocalDate, long[]> weeks = new TreeMap<>();
		for (LocalDate week = monday(filter.from()); !week.isAfter(filter.to()); week = week.plusWeeks(1)) {
			weeks.put(week, new long[2]);
		}
		this.jdbc.sql(
				"select d.on_day d, sum(d.visits) n, sum(case when d.stage = 'COMPLETED' then d.visits else 0 end) done"
						+ " from dash_visit_day d" + where.sql + " and d.stage <> 'CANCELLED' group by d.on_day")
			.params(where.params)
			.query((rs) -> {
				long[] counts = weeks.get(monday(rs.getObject("d", LocalDate.class)));
				if (counts != null) {
					counts[0] += rs.getLong("n");
					counts[1] += rs.getLong("done");
				}
			});
		Map<LocalDate, Double> planned = new TreeMap<>();
		for (PlanSlice plan : plans(filter, actor, false)) {
			long days = ChronoUnit.DAYS.between(plan.start(), plan.end()) + 1;
			for (LocalDate day = max(plan.start(), filter.from()); !day.isAfter(min(plan.end(), filter.to())); day = day
				.plusDays(1)) {
				planned.merge(monday(day), (double) plan.target() / days, Double::sum);
			}
		}
		List<List<Object>> out = new ArrayList<>();
		long cumulativeDone = 0;
		double cumulativePlan = 0;
		for (Map.Entry<LocalDate, long[]> week : weeks.entrySet()) {
			double plan = planned.getOrDefault(week.getKey(), 0.0);
			cumulativeDone += week.getValue()[1];
			cumulativePlan += plan;
			out.add(List.of(week.getKey().toString(), week.getValue()[0], week.getValue()[1], Math.round(plan),
					cumulativeDone, Math.round(cumulativePlan)));
		}
		return new Table("weeks",
				List.of("week_start", "visits", "completed", "plan", "completed_cumulative", "plan_cumulative"), out);
	}

	/**
	 * Time in each stage, from the stage history the lifecycle wrote (summed into
	 * {@code dash_stage_stay} as it is written): per stage left, how many times, the
	 * median and the 90th percentile in hours (nearest rank), so heads see where visits
	 * get stuck. Stays count by the month of their visit's planned start, for the whole
	 * months the period touches. The percentiles come from a log-scale histogram: exact
	 * when the rank falls on a bucket's smallest or largest stay, otherwise an estimate
	 * within that bucket (about 19 % wide). Open stages (not left yet) are not counted.
	 */
	Table timeInStages(DashboardFilter filter, Actor actor) {
		Where where = months(filter, actor);
		Map<String, List<long[]>> buckets = new TreeMap<>();
		this.jdbc
			.sql("select d.stage, d.bucket, sum(d.stays) n, min(d.min_seconds) lo, max(d.max_seconds) hi"
					+ " from dash_stage_stay d" + where.sql
					+ " group by d.stage, d.bucket having sum(d.stays) > 0 order by d.stage, d.bucket")
			.params(where.params)
			.query((rs) -> {
				buckets.computeIfAbsent(rs.getString("stage"), (k) -> new ArrayList<>())
					.add(new long[] { rs.getLong("n"), rs.getLong("lo"), rs.getLong("hi") });
			});
		List<List<Object>> out = new ArrayList<>();
		buckets.forEach((stage, histogram) -> {
			long total = histogram.stream().mapToLong((b) -> b[0]).sum();
			out.add(List.of(stage, total, hours(percentile(histogram, total, 0.5)),
					hours(percentile(histogram, total, 0.9))));
		});
		return new Table("stages", List.of("stage", "left_times", "median_hours", "p90_hours"), out);
	}

	/**
	 * The nearest-rank percentile of a histogram (buckets ascending: count, smallest,
	 * largest): the rank's bucket, and within it a straight line from its smallest to its
	 * largest stay.
	 */
	static long percentile(List<long[]> histogram, long total, double share) {
		long rank = Math.max(1, (long) Math.ceil(share * total));
		long before = 0;
		for (long[] bucket : histogram) {
			if (before + bucket[0] >= rank) {
				long position = rank - before;
				if (bucket[0] <= 1) {
					return bucket[1];
				}
				return bucket[1] + Math.round((double) (bucket[2] - bucket[1]) * (position - 1) / (bucket[0] - 1));
			}
			before += bucket[0];
		}
		return histogram.isEmpty() ? 0 : histogram.get(histogram.size() - 1)[2];
	}

	private static BigDecimal hours(long seconds) {
		return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(3600), 1, RoundingMode.HALF_UP);
	}

	/**
	 * Sales beside visits per rep: completed visits, those followed by a sale of the
	 * company within the conversion window, the conversion, and the sales of the visited
	 * companies in the period and window. The counts come from
	 * {@code dash_conversion_month} for the whole months of the period and from
	 * {@code dash_completed_visit} for its partial edge months (each completed visit with
	 * the days to its company's next sale); the sales of visited companies from
	 * {@code dash_sale_visit} (each sale with the rep's completed visits around it), or,
	 * with a region or type chosen, from the visited companies joined to their sales.
	 */
	Table salesByRep(DashboardFilter filter, Actor actor) {
		int days = this.properties.conversionDays();
		Map<String, Object[]> rows = new TreeMap<>();
		Where counts = conversionCounts(filter, actor, days);
		this.jdbc
			.sql("select d.rep_id, sum(d.visits) visits, sum(d.converted) converted from " + counts.sql
					+ " group by d.rep_id having sum(d.visits) <> 0")
			.params(counts.params)
			.query((rs) -> {
				rows.put(rs.getString("rep_id"),
						new Object[] { rs.getLong("visits"), rs.getLong("converted"), BigDecimal.ZERO });
			});
		Where where = days(filter, actor);
		if (filter.region() == null && filter.visitType() == null) {
			visitedSalesByRep(filter, actor, days, rows);
		}
		else {
			// the visited companies per rep, joined to their sales in the period and
			// window
			List<Object> salesParams = new ArrayList<>(where.params);
			salesParams.add(filter.from());
			salesParams.add(filter.to().plusDays(days));
			this.jdbc
				.sql("""
						select vc.rep_id, sum(s.amount) amount
						from (select distinct d.rep_id, d.company_id from dash_completed_visit d""" + where.sql
						+ """
								) vc
								join sales_document s on s.company_id = vc.company_id and s.document_date >= ? and s.document_date <= ?
								group by vc.rep_id
								""")
				.params(salesParams)
				.query((RowCallbackHandler) (rs) -> amount(rows, rs.getString("rep_id"), rs.getBigDecimal("amount")));
		}
		Map<String, String> names = names(rows.keySet());
		List<List<Object>> out = new ArrayList<>();
		rows.forEach((rep, r) -> out
			.add(List.of(rep, names.getOrDefault(rep, rep), r[0], r[1], percent((Long) r[1], (Long) r[0]), r[2])));
		return new Table("sales", List.of("rep_id", "rep_name", "completed_visits", "followed_by_sale",
				"conversion_pct", "sales_of_visited_companies"), out);
	}

	/**
	 * The sales of the companies each rep visited in the period, in the period and the
	 * window after it, from each sale's row per rep who completed a visit to its company:
	 * the company was visited in the period when the rep's last visit on or before a sale
	 * in the period, or the first on or after it, falls in the period (a period of whole
	 * months takes these by month from {@code dash_sale_rep_month}); for a sale in the
	 * window after the period, when the rep's last visit before it does, and when that
	 * one is after the period too, the visits are looked up.
	 */
	private void visitedSalesByRep(DashboardFilter filter, Actor actor, int days, Map<String, Object[]> rows) {
		Map<String, long[]> cents = new TreeMap<>();
		RowCallbackHandler add = (rs) -> {
			long[] sum = cents.computeIfAbsent(rs.getString("rep_id"), (k) -> new long[2]);
			sum[0] += rs.getLong("cents");
			sum[1] += rs.getLong("sales");
		};
		if (wholeMonths(filter)) {
			Where months = summary(filter, actor, "on_month", filter.from(), filter.to().withDayOfMonth(1));
			List<Object> params = new ArrayList<>(months.params);
			params.add(filter.from());
			params.add(filter.to().withDayOfMonth(1));
			this.jdbc
				.sql("select d.rep_id, sum(d.amount_cents) cents, sum(d.sales) sales from dash_sale_rep_month d"
						+ months.sql + " and (d.prev_visit_month >= ? or d.next_visit_month <= ?) group by d.rep_id")
				.params(params)
				.query(add);
		}
		else {
			Where sales = summary(filter, actor, "on_day", filter.from(), filter.to());
			List<Object> params = new ArrayList<>(sales.params);
			params.add(filter.from());
			params.add(filter.to());
			this.jdbc
				.sql("select d.rep_id, sum(cast(d.amount * 100 as bigint)) cents, count(*) sales"
						+ " from dash_sale_rep d" + sales.sql
						+ " and (d.prev_visit_day >= ? or d.next_visit_day <= ?) group by d.rep_id")
				.params(params)
				.query(add);
		}
		Where after = summary(filter, actor, "on_day", filter.to().plusDays(1), filter.to().plusDays(days));
		List<Object> params = new ArrayList<>(after.params);
		params.addAll(List.of(filter.from(), filter.to(), filter.to(), filter.to(), filter.from()));
		this.jdbc
			.sql("select d.rep_id, sum(cast(d.amount * 100 as bigint)) cents, count(*) sales" + " from dash_sale_rep d"
					+ after.sql + """
							 and ((d.prev_visit_day >= ? and d.prev_visit_day <= ?)
							  or (d.prev_visit_day > ? and (select max(v.on_day) from dash_completed_visit v
							    where v.company_id = d.company_id and v.rep_id = d.rep_id and v.on_day <= ?) >= ?))
							group by d.rep_id
							""")
			.params(params)
			.query(add);
		cents.forEach((rep, sum) -> {
			if (sum[1] > 0) {
				amount(rows, rep, BigDecimal.valueOf(sum[0], 2));
			}
		});
	}

	/** Whether the period is whole months, from a first day to a last day. */
	private static boolean wholeMonths(DashboardFilter filter) {
		return filter.from().getDayOfMonth() == 1 && filter.to().plusDays(1).getDayOfMonth() == 1;
	}

	private static void amount(Map<String, Object[]> rows, String rep, BigDecimal amount) {
		Object[] row = rows.computeIfAbsent(rep, (k) -> new Object[] { 0L, 0L, BigDecimal.ZERO });
		row[2] = amount;
	}

	/**
	 * Completed and converted visits of the period as a row source {@code d} (rep_id,
	 * visits, converted): the whole months from {@code dash_conversion_month} when it is
	 * kept for this window, the rest from {@code dash_completed_visit}.
	 */
	private Where conversionCounts(DashboardFilter filter, Actor actor, int days) {
		LocalDate firstFull = (filter.from().getDayOfMonth() == 1) ? filter.from()
				: filter.from().withDayOfMonth(1).plusMonths(1);
		LocalDate afterLastFull = filter.to().plusDays(1).withDayOfMonth(1);
		Where all = days(filter, actor);
		List<Object> params = new ArrayList<>(List.of(days));
		params.addAll(all.params);
		String completed = "select d.rep_id, 1 visits,"
				+ " case when d.days_to_sale is not null and d.days_to_sale <= ? then 1 else 0 end converted"
				+ " from dash_completed_visit d" + all.sql;
		if (!firstFull.isBefore(afterLastFull) || !this.conversion.kept(days)) {
			return new Where("(" + completed + ") d", params);
		}
		Where months = summary(filter, actor, "on_month", firstFull, afterLastFull.minusMonths(1));
		params.add(firstFull);
		params.add(afterLastFull);
		params.addAll(months.params);
		params.add(days);
		return new Where("(" + completed + " and (d.on_day < ? or d.on_day >= ?)"
				+ " union all select d.rep_id, d.visits, d.converted from dash_conversion_month d" + months.sql
				+ " and d.window_days = ?) d", params);
	}

	/**
	 * Sales in the period by region: of companies with a completed visit in the period vs
	 * companies without. With no region or type chosen, from the summaries of sales
	 * beside visits: a sale's company was visited in the period when its last completed
	 * visit on or before the sale or its first on or after it falls in the period, and a
	 * company counts once, at its first sale in the period. All sales come from
	 * {@code dash_sale_month} for a period of whole months (else {@code dash_sale}); when
	 * the viewer sees some reps only, the sales of companies they visited come from
	 * {@code dash_sale_rep} (each sale once, however many of them visited). With a region
	 * or type chosen, from the period's sales per company joined to the set of visited
	 * companies.
	 */
	Table salesByRegion(DashboardFilter filter, Actor actor) {
		if (filter.region() != null || filter.visitType() != null) {
			return salesByRegionJoined(filter, actor);
		}
		String sql;
		List<Object> params;
		if (wholeMonths(filter)) {
			LocalDate last = filter.to().withDayOfMonth(1);
			sql = """
					select d.region, d.amount_cents cents, d.sales,
					  case when d.prev_visit_month >= ? or d.next_visit_month <= ? then 1 else 0 end visited,
					  case when d.prev_sale_month < ? then d.sales else 0 end firsts
					from dash_sale_month d where d.on_month >= ? and d.on_month <= ? and d.sales <> 0""";
			params = List.of(filter.from(), last, filter.from(), filter.from(), last);
		}
		else {
			sql = """
					select d.region, cast(d.amount * 100 as bigint) cents, 1 sales,
					  case when d.prev_visit_day >= ? or d.next_visit_day <= ? then 1 else 0 end visited,
					  case when d.prev_sale_day is null or d.prev_sale_day < ? then 1 else 0 end firsts
					from dash_sale d where d.on_day >= ? and d.on_day <= ?""";
			params = List.of(filter.from(), filter.to(), filter.from(), filter.from(), filter.to());
		}
		// per region: cents, sales, companies of visited companies, then of the others
		Map<String, long[]> sums = new LinkedHashMap<>();
		this.jdbc.sql("""
				select region, visited, sum(cents) cents, sum(sales) sales, sum(firsts) firsts
				from (%s) x group by region, visited order by region, visited
				""".formatted(sql)).params(params).query((RowCallbackHandler) (rs) -> {
			long[] sum = sums.computeIfAbsent(rs.getString("region"), (k) -> new long[6]);
			int at = (rs.getInt("visited") == 1) ? 0 : 3;
			sum[at] += rs.getLong("cents");
			sum[at + 1] += rs.getLong("sales");
			sum[at + 2] += rs.getLong("firsts");
		});
		if (this.access.visibleReps(actor) != null || filter.repId() != null) {
			// visited by the reps the viewer sees: each sale once
			for (long[] sum : sums.values()) {
				for (int i = 0; i < 3; i++) {
					sum[i + 3] += sum[i];
					sum[i] = 0;
				}
			}
			Where where = days(filter, actor);
			List<Object> visitedParams = new ArrayList<>(List.of(filter.from()));
			visitedParams.addAll(where.params);
			visitedParams.add(filter.from());
			visitedParams.add(filter.to());
			this.jdbc.sql("""
					select region, sum(cents) cents, count(*) sales, sum(firsts) firsts
					from (select distinct d.document_number, d.region, cast(d.amount * 100 as bigint) cents,
					    case when d.prev_sale_day is null or d.prev_sale_day < ? then 1 else 0 end firsts
					  from dash_sale_rep d""" + where.sql + """
					 and (d.prev_visit_day >= ? or d.next_visit_day <= ?)) x
					group by region
					""").params(visitedParams).query((RowCallbackHandler) (rs) -> {
				long[] sum = sums.get(rs.getString("region"));
				for (int i = 0; i < 3; i++) {
					long value = rs.getLong(i + 2);
					sum[i] += value;
					sum[i + 3] -= value;
				}
			});
		}
		List<List<Object>> out = new ArrayList<>();
		sums.forEach((region, sum) -> out.add(List.of(region, (sum[1] > 0) ? BigDecimal.valueOf(sum[0], 2) : ZERO_SUM,
				(sum[4] > 0) ? BigDecimal.valueOf(sum[3], 2) : ZERO_SUM, sum[2], sum[5])));
		return salesByRegionTable(out);
	}

	private static List<Object> salesByRegionRow(ResultSet rs, int row) throws SQLException {
		return List.<Object>of(rs.getString("region"), rs.getBigDecimal("visited"), rs.getBigDecimal("unvisited"),
				rs.getLong("visited_companies"), rs.getLong("unvisited_companies"));
	}

	private static Table salesByRegionTable(List<List<Object>> rows) {
		return new Table("salesByRegion",
				List.of("region", "sales_visited", "sales_unvisited", "visited_companies", "unvisited_companies"),
				rows);
	}

	/**
	 * Sales in the period by region, of visited vs unvisited companies: one pass over the
	 * period's sales per company, joined to the set of visited companies.
	 */
	Table salesByRegionJoined(DashboardFilter filter, Actor actor) {
		Where where = days(filter, actor);
		List<Object> params = new ArrayList<>();
		params.add(filter.from());
		params.add(filter.to());
		params.addAll(where.params);
		StringBuilder sql = new StringBuilder("""
				select coalesce(c.region, '') region,
				  sum(case when vis.company_id is not null then s.amount else 0 end) visited,
				  sum(case when vis.company_id is null then s.amount else 0 end) unvisited,
				  count(distinct case when vis.company_id is not null then s.company_id end) visited_companies,
				  count(distinct case when vis.company_id is null then s.company_id end) unvisited_companies
				from (select company_id, sum(amount) amount from sales_document
				  where document_date >= ? and document_date <= ? group by company_id) s
				left join company c on c.id = s.company_id
				left join (select distinct d.company_id from dash_completed_visit d""").append(where.sql).append("""
				) vis on vis.company_id = s.company_id
				""");
		if (filter.region() != null) {
			sql.append(" where c.region = ?");
			params.add(filter.region());
		}
		sql.append(" group by coalesce(c.region, '') order by 1");
		return salesByRegionTable(
				this.jdbc.sql(sql.toString()).params(params).query(DashboardService::salesByRegionRow).list());
	}

	/**
	 * An estimate of the visits' effect per region (a difference in differences): for
	 * each completed visit of the period, its company's sales in the N days after it (day
	 * + 1 to day + N) minus those in the N days before it (day - N to day - 1), N the
	 * conversion window; beside it the same change for the region's control companies,
	 * those with no completed visit from N days before the period to N days after it,
	 * over the same windows, per control company. The estimate per visit is the
	 * difference. With no control company in a region the control and the estimate stay
	 * empty. The visits' sums come from {@code dash_conversion_month} for whole months
	 * and from {@code dash_completed_visit} for the rest; the control from
	 * {@code dash_sale} (a sale belongs to a control company when its company's completed
	 * visits around it fall outside the extended period) and the company mirror.
	 */
	Table visitEffect(DashboardFilter filter, Actor actor) {
		int days = this.properties.conversionDays();
		LocalDate start = filter.from().minusDays(days);
		LocalDate end = filter.to().plusDays(days);
		int span = (int) ChronoUnit.DAYS.between(start, end) + 1;
		// completed visits per region and day (the control's windows are weighted by
		// them)
		Map<String, long[]> visitsByDay = new TreeMap<>();
		Where all = days(filter, actor);
		this.jdbc
			.sql("select d.region, d.on_day, count(*) n from dash_completed_visit d" + all.sql
					+ " group by d.region, d.on_day")
			.params(all.params)
			.query((RowCallbackHandler) (rs) -> visitsByDay.computeIfAbsent(rs.getString("region"),
					(k) -> new long[span])[(int) ChronoUnit.DAYS.between(start,
							rs.getObject("on_day", LocalDate.class))] += rs.getLong("n"));
		// the visited companies' sales before and after their visits, summed per region
		Map<String, long[]> visited = new TreeMap<>();
		Where sums = visitSales(filter, actor, days);
		this.jdbc
			.sql("select d.region, sum(d.visits) visits, sum(d.sales_before_cents) before_cents,"
					+ " sum(d.sales_after_cents) after_cents from " + sums.sql + " group by d.region")
			.params(sums.params)
			.query((RowCallbackHandler) (rs) -> visited.put(rs.getString("region"),
					new long[] { rs.getLong("visits"), rs.getLong("before_cents"), rs.getLong("after_cents") }));
		// the control: sales per region and day of companies with no completed visit in
		// the extended period, and how many such companies each region has
		List<Object> params = new ArrayList<>(List.of(start, end, start, end));
		String regionOnly = "";
		if (filter.region() != null) {
			regionOnly = " and d.region = ?";
			params.add(filter.region());
		}
		Map<String, long[]> control = new TreeMap<>();
		this.jdbc.sql("""
				select d.region, d.on_day, sum(cast(d.amount * 100 as bigint)) cents from dash_sale d
				where d.on_day >= ? and d.on_day <= ?
				  and (d.prev_visit_day is null or d.prev_visit_day < ?)
				  and (d.next_visit_day is null or d.next_visit_day > ?)""" + regionOnly + """
				 group by d.region, d.on_day
				""")
			.params(params)
			.query((RowCallbackHandler) (
					rs) -> control.computeIfAbsent(rs.getString("region"), (k) -> new long[span])[(int) ChronoUnit.DAYS
						.between(start, rs.getObject("on_day", LocalDate.class))] += rs.getLong("cents"));
		Map<String, Long> controlCompanies = new HashMap<>();
		List<Object> companyParams = new ArrayList<>(List.of(start, end));
		if (filter.region() != null) {
			companyParams.add(filter.region());
		}
		this.jdbc
			.sql("""
					select coalesce(c.region, '') region, count(*) n from company c
					where not exists (select 1 from dash_completed_visit v
					  where v.company_id = c.id and v.on_day >= ? and v.on_day <= ?)"""
					+ ((filter.region() != null) ? " and c.region = ?" : "") + " group by coalesce(c.region, '')")
			.params(companyParams)
			.query((RowCallbackHandler) (rs) -> controlCompanies.put(rs.getString("region"), rs.getLong("n")));
		List<List<Object>> out = new ArrayList<>();
		visited.forEach((region, sum) -> {
			long visits = sum[0];
			if (visits == 0) {
				return;
			}
			long companies = controlCompanies.getOrDefault(region, 0L);
			Object controlChange = "";
			Object effect = "";
			if (companies > 0) {
				long controlTotal = controlChange(visitsByDay.get(region), control.get(region), days);
				controlChange = cents(controlTotal, companies * visits);
				effect = cents((sum[2] - sum[1]) * companies - controlTotal, companies * visits);
			}
			out.add(List.of(region, visits, cents(sum[1], visits), cents(sum[2], visits),
					cents(sum[2] - sum[1], visits), companies, controlChange, effect));
		});
		return new Table("effect", List.of("region", "visits", "sales_before_avg", "sales_after_avg", "change_avg",
				"control_companies", "control_change_avg", "effect_avg"), out);
	}

	/**
	 * The control companies' change summed over the visits: for each visit, their sales
	 * in the window after its day minus those in the window before it (prefix sums over
	 * the extended period's days).
	 */
	private static long controlChange(long[] visits, long[] sales, int days) {
		if (visits == null || sales == null) {
			return 0;
		}
		long[] prefix = new long[sales.length + 1];
		for (int i = 0; i < sales.length; i++) {
			prefix[i + 1] = prefix[i] + sales[i];
		}
		long total = 0;
		for (int i = days; i < visits.length - days; i++) {
			if (visits[i] != 0) {
				long after = prefix[i + days + 1] - prefix[i + 1];
				long before = prefix[i] - prefix[i - days];
				total += visits[i] * (after - before);
			}
		}
		return total;
	}

	/** Kopecks divided by a count, in roubles to the kopeck. */
	private static BigDecimal cents(long cents, long count) {
		return BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(count), 0, RoundingMode.HALF_UP).movePointLeft(2);
	}

	/**
	 * Completed visits of the period with their companies' sales before and after them as
	 * a row source {@code d} (region, visits, sales_before_cents, sales_after_cents): the
	 * whole months from {@code dash_conversion_month} when it is kept for this window,
	 * the rest from {@code dash_completed_visit}.
	 */
	private Where visitSales(DashboardFilter filter, Actor actor, int days) {
		LocalDate firstFull = (filter.from().getDayOfMonth() == 1) ? filter.from()
				: filter.from().withDayOfMonth(1).plusMonths(1);
		LocalDate afterLastFull = filter.to().plusDays(1).withDayOfMonth(1);
		String completed = "select d.region, 1 visits, d.sales_before_cents, d.sales_after_cents"
				+ " from dash_completed_visit d";
		if (!this.conversion.kept(days)) {
			// the sums kept are another window's (until the start that refills them):
			// each visit's company's sales in this window, looked up
			Where all = days(filter, actor);
			List<Object> params = new ArrayList<>(List.of(days, days));
			params.addAll(all.params);
			return new Where(
					"""
							(select d.region, 1 visits,
							  coalesce((select sum(cast(s.amount * 100 as bigint)) from sales_document s
							    where s.company_id = d.company_id and s.document_date < d.on_day
							      and extract(epoch from cast(d.on_day as timestamp))
							        - extract(epoch from cast(s.document_date as timestamp)) <= 86400 * ?), 0) sales_before_cents,
							  coalesce((select sum(cast(s.amount * 100 as bigint)) from sales_document s
							    where s.company_id = d.company_id and s.document_date > d.on_day
							      and extract(epoch from cast(s.document_date as timestamp))
							        - extract(epoch from cast(d.on_day as timestamp)) <= 86400 * ?), 0) sales_after_cents
							from dash_completed_visit d"""
							+ all.sql + ") d",
					params);
		}
		if (!firstFull.isBefore(afterLastFull)) {
			Where all = days(filter, actor);
			return new Where("(" + completed + all.sql + ") d", all.params);
		}
		// the partial months at the edges, by day; the whole months between them by month
		StringBuilder sql = new StringBuilder("(");
		List<Object> params = new ArrayList<>();
		if (filter.from().isBefore(firstFull)) {
			Where head = summary(filter, actor, "on_day", filter.from(), firstFull.minusDays(1));
			sql.append(completed).append(head.sql).append(" union all ");
			params.addAll(head.params);
		}
		if (!filter.to().isBefore(afterLastFull)) {
			Where tail = summary(filter, actor, "on_day", afterLastFull, filter.to());
			sql.append(completed).append(tail.sql).append(" union all ");
			params.addAll(tail.params);
		}
		Where months = summary(filter, actor, "on_month", firstFull, afterLastFull.minusMonths(1));
		params.addAll(months.params);
		params.add(days);
		sql.append("select d.region, d.visits, d.sales_before_cents, d.sales_after_cents from dash_conversion_month d")
			.append(months.sql)
			.append(" and d.window_days = ?) d");
		return new Where(sql.toString(), params);
	}

	/**
	 * The completed visits behind a row of the effect table (a region's), with their
	 * companies' sales in the windows before and after them, at most {@code limit}.
	 */
	@Transactional(readOnly = true)
	public Table effectVisits(DashboardFilter filter, Actor actor, int limit) {
		DashboardFilter resolved = resolve(filter, actor);
		Where where = days(resolved, actor);
		List<Object> params = new ArrayList<>(where.params);
		params.add(limit);
		List<List<Object>> rows = this.jdbc.sql("""
				select d.visit_id, d.rep_id, d.company_id, d.region, d.visit_type, d.on_day, d.sales_before_cents,
				  d.sales_after_cents
				from dash_completed_visit d""" + where.sql + " order by d.on_day, d.visit_id limit ?")
			.params(params)
			.query((rs, n) -> List.<Object>of(rs.getObject("visit_id").toString(), rs.getString("rep_id"),
					rs.getLong("company_id"), rs.getString("region"), rs.getString("visit_type"),
					rs.getObject("on_day", LocalDate.class), BigDecimal.valueOf(rs.getLong("sales_before_cents"), 2),
					BigDecimal.valueOf(rs.getLong("sales_after_cents"), 2)))
			.list();
		return new Table("effectVisits", List.of("visit_id", "rep_id", "company_id", "region", "visit_type", "on_day",
				"sales_before", "sales_after"), rows);
	}

	/**
	 * Check-in quality per rep: check-ins made in the period (by the server's clock, in
	 * the visit's time zone), how many and what share in each distance grade, and how
	 * many carry a forgery flag.
	 */
	Table checkQuality(DashboardFilter filter, Actor actor) {
		Where where = days(filter, actor);
		Map<String, long[]> rows = new TreeMap<>();
		int flaggedColumn = GRADES.size();
		int totalColumn = GRADES.size() + 1;
		this.jdbc
			.sql("select d.rep_id, d.grade, d.flagged, sum(d.checks) n from dash_check_day d" + where.sql
					+ " group by d.rep_id, d.grade, d.flagged having sum(d.checks) <> 0")
			.params(where.params)
			.query((rs) -> {
				long[] counts = rows.computeIfAbsent(rs.getString("rep_id"), (k) -> new long[GRADES.size() + 2]);
				long n = rs.getLong("n");
				int grade = GRADES.indexOf(rs.getString("grade"));
				if (grade >= 0) {
					counts[grade] += n;
				}
				if (rs.getInt("flagged") != 0) {
					counts[flaggedColumn] += n;
				}
				counts[totalColumn] += n;
			});
		Map<String, String> names = names(rows.keySet());
		List<String> columns = new ArrayList<>(List.of("rep_id", "rep_name", "check_ins"));
		for (String grade : GRADES) {
			columns.add(grade.toLowerCase());
			columns.add(grade.toLowerCase() + "_pct");
		}
		columns.add("flagged");
		columns.add("flagged_pct");
		List<List<Object>> out = new ArrayList<>();
		rows.forEach((rep, c) -> {
			List<Object> row = new ArrayList<>(List.of(rep, names.getOrDefault(rep, rep), c[totalColumn]));
			for (int i = 0; i <= GRADES.size(); i++) {
				row.add(c[i]);
				row.add(percent(c[i], c[totalColumn]));
			}
			out.add(row);
		});
		return new Table("checks", columns, out);
	}

	/**
	 * The check-ins behind a number of the check-in quality table: of one rep, in the
	 * period and filter, with one grade or all, only flagged ones or all (at most
	 * {@code limit}, newest first).
	 */
	@Transactional(readOnly = true)
	public Table checkVisits(DashboardFilter filter, String grade, boolean flaggedOnly, Actor actor, int limit) {
		DashboardFilter resolved = resolve(filter, actor);
		if (grade != null && !grade.isBlank() && !GRADES.contains(grade)) {
			throw new InvalidInputException(
					List.of(new FieldProblem("grade", "unknown", "'" + grade + "' is not a grade; one of " + GRADES)));
		}
		List<String> reps = this.access.visibleReps(actor);
		if (resolved.repId() != null) {
			reps = List.of(resolved.repId());
		}
		// a day bound a little wider than any zone, then the exact day in the visit's
		// zone
		StringBuilder sql = new StringBuilder("""
				select v.id, v.rep_id, v.company_id, v.company_title, v.region, v.visit_type, v.planned_start,
				  v.time_zone, v.stage, f.server_time, f.grade, f.distance_m, f.flags
				from field_check f join visit v on v.id = f.visit_id
				where f.kind = 'CHECK_IN' and f.server_time >= ? and f.server_time < ?""");
		List<Object> params = new ArrayList<>();
		params.add(utc(resolved.from().minusDays(1).atStartOfDay(ZoneId.of("UTC")).toInstant()));
		params.add(utc(resolved.to().plusDays(2).atStartOfDay(ZoneId.of("UTC")).toInstant()));
		if (reps != null) {
			if (reps.isEmpty()) {
				return checkVisitTable(List.of());
			}
			sql.append(" and f.rep_id in (")
				.append(String.join(", ", reps.stream().map((r) -> "?").toList()))
				.append(")");
			params.addAll(reps);
		}
		if (resolved.region() != null) {
			sql.append(" and coalesce(v.region, '') = ?");
			params.add(resolved.region());
		}
		if (resolved.visitType() != null) {
			sql.append(" and v.visit_type = ?");
			params.add(resolved.visitType());
		}
		if (grade != null && !grade.isBlank()) {
			sql.append(" and f.grade = ?");
			params.add(grade);
		}
		if (flaggedOnly) {
			sql.append(" and f.flags is not null and f.flags <> ''");
		}
		sql.append(" order by f.server_time desc");
		List<List<Object>> out = new ArrayList<>();
		this.jdbc.sql(sql.toString()).params(params).query((rs) -> {
			ZoneId zone = ZoneId.of(rs.getString("time_zone"));
			Instant checked = instant(rs, "server_time");
			LocalDate day = LocalDate.ofInstant(checked, zone);
			if (out.size() < limit && !day.isBefore(resolved.from()) && !day.isAfter(resolved.to())) {
				Object distance = rs.getObject("distance_m");
				out.add(Arrays.asList(rs.getString("id"), rs.getString("rep_id"), rs.getLong("company_id"),
						rs.getString("company_title"), rs.getString("visit_type"), rs.getString("stage"),
						instant(rs, "planned_start").atZone(zone).toLocalDateTime().toString(),
						checked.atZone(zone).toLocalDateTime().toString(), rs.getString("grade"),
						(distance != null) ? Math.round(((Number) distance).doubleValue()) : "",
						(rs.getString("flags") != null) ? rs.getString("flags") : ""));
			}
		});
		return checkVisitTable(out);
	}

	private static Table checkVisitTable(List<List<Object>> rows) {
		return new Table("checkVisits", List.of("visit_id", "rep_id", "company_id", "company_title", "visit_type",
				"stage", "planned_start", "checked_at", "grade", "distance_m", "flags"), rows);
	}

	// ---- internals ----

	private record Where(String sql, List<Object> params) {
	}

	/**
	 * The filter over a summary table {@code d} by day ({@code day}) or month
	 * ({@code stay_month}), in the visits' own time zones.
	 */
	private Where summary(DashboardFilter filter, Actor actor, String column, Object from, Object to) {
		StringBuilder sql = new StringBuilder(" where d." + column + " >= ? and d." + column + " <= ?");
		List<Object> params = new ArrayList<>(List.of(from, to));
		List<String> reps = this.access.visibleReps(actor);
		if (filter.repId() != null) {
			reps = List.of(filter.repId());
		}
		if (reps != null) {
			if (reps.isEmpty()) {
				sql.append(" and 1 = 0");
			}
			else {
				sql.append(" and d.rep_id in (")
					.append(String.join(", ", reps.stream().map((r) -> "?").toList()))
					.append(")");
				params.addAll(reps);
			}
		}
		if (filter.region() != null) {
			sql.append(" and d.region = ?");
			params.add(filter.region());
		}
		if (filter.visitType() != null) {
			sql.append(" and d.visit_type = ?");
			params.add(filter.visitType());
		}
		return new Where(sql.toString(), params);
	}

	/**
	 * Visit counts of the period as a row source {@code d} (rep_id, region, visit_type,
	 * stage, visits) followed by a where clause: the whole months inside the period from
	 * {@code dash_visit_month}, the days of partial months at its edges from
	 * {@code dash_visit_day}.
	 */
	private Where visitCounts(DashboardFilter filter, Actor actor) {
		LocalDate firstFull = (filter.from().getDayOfMonth() == 1) ? filter.from()
				: filter.from().withDayOfMonth(1).plusMonths(1);
		LocalDate afterLastFull = filter.to().plusDays(1).withDayOfMonth(1);
		if (!firstFull.isBefore(afterLastFull)) {
			Where days = days(filter, actor);
			return new Where("(select d.rep_id, d.region, d.visit_type, d.stage, d.visits from dash_visit_day d"
					+ days.sql + ") d where 1 = 1", days.params);
		}
		Where months = summary(filter, actor, "on_month", firstFull, afterLastFull.minusMonths(1));
		Where days = days(filter, actor);
		List<Object> params = new ArrayList<>(months.params);
		params.addAll(days.params);
		params.add(firstFull);
		params.add(afterLastFull);
		return new Where(
				"(select d.rep_id, d.region, d.visit_type, d.stage, d.visits from dash_visit_month d" + months.sql
						+ " union all select d.rep_id, d.region, d.visit_type, d.stage, d.visits"
						+ " from dash_visit_day d" + days.sql + " and (d.on_day < ? or d.on_day >= ?)) d where 1 = 1",
				params);
	}

	private Where days(DashboardFilter filter, Actor actor) {
		return summary(filter, actor, "on_day", filter.from(), filter.to());
	}

	private Where months(DashboardFilter filter, Actor actor) {
		return summary(filter, actor, "stay_month", filter.from().withDayOfMonth(1), filter.to().withDayOfMonth(1));
	}

	private record PlanSlice(String repId, LocalDate start, LocalDate end, ZoneId zone, int target) {

		double elapsedShare(Instant now) {
			Instant from = this.start.atStartOfDay(this.zone).toInstant();
			Instant to = this.end.plusDays(1).atStartOfDay(this.zone).toInstant();
			if (!now.isAfter(from)) {
				return 0;
			}
			if (!now.isBefore(to)) {
				return 1;
			}
			return (double) (now.getEpochSecond() - from.getEpochSecond())
					/ (to.getEpochSecond() - from.getEpochSecond());
		}

	}

	/**
	 * Plans overlapping the period that the viewer may see: one-rep plans only, or also
	 * team and region plans.
	 */
	private List<PlanSlice> plans(DashboardFilter filter, Actor actor, boolean repPlansOnly) {
		StringBuilder sql = new StringBuilder(
				"select rep_id, supervisor_id, scope, region, period_start, period_end, time_zone, target from visit_plan"
						+ " where period_start <= ? and period_end >= ?");
		List<Object> params = new ArrayList<>(List.of(filter.to(), filter.from()));
		if (repPlansOnly) {
			sql.append(" and scope = 'REP'");
		}
		List<String> reps = this.access.visibleReps(actor);
		// with a region chosen, one-rep plans count for the reps who work there in the
		// period
		List<String> inRegion = (filter.region() == null) ? null : repsWithVisits(filter, actor);
		List<PlanSlice> out = new ArrayList<>();
		this.jdbc.sql(sql.toString()).params(params).query((rs) -> {
			String repId = rs.getString("rep_id");
			String scope = rs.getString("scope");
			boolean visible = (reps == null) || ("REP".equals(scope) ? reps.contains(repId)
					: actor.userId().equals(rs.getString("supervisor_id")));
			boolean matches = (filter.repId() == null || filter.repId().equals(repId)) && (filter.region() == null
					|| ("REGION".equals(scope) ? filter.region().equals(rs.getString("region"))
							: "REP".equals(scope) && inRegion.contains(repId)));
			if (visible && matches && (filter.repId() == null || "REP".equals(scope))) {
				out.add(new PlanSlice(repId, rs.getObject("period_start", LocalDate.class),
						rs.getObject("period_end", LocalDate.class), ZoneId.of(rs.getString("time_zone")),
						rs.getInt("target")));
			}
		});
		return out;
	}

	/** Display names of many users in one identity query, not one per row. */
	private Map<String, String> names(Collection<String> userIds) {
		Map<String, String> names = new HashMap<>();
		if (userIds.isEmpty()) {
			return names;
		}
		for (User user : this.identityService.createUserQuery().userIdIn(userIds.toArray(String[]::new)).list()) {
			String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
					+ (user.getLastName() == null ? "" : user.getLastName()))
				.trim();
			names.put(user.getId(), name.isEmpty() ? user.getId() : name);
		}
		return names;
	}

	private List<String> repsWithVisits(DashboardFilter filter, Actor actor) {
		Where where = days(filter, actor);
		return this.jdbc.sql("select distinct d.rep_id from dash_visit_day d" + where.sql + " and d.visits > 0")
			.params(where.params)
			.query(String.class)
			.list();
	}

	private static int stageColumn(String stage) {
		return switch (stage) {
			case "DRAFT", "REPEAT_VISIT" -> 0;
			case "IN_WORK" -> 1;
			case "COMPLETED" -> 2;
			case "OVERDUE" -> 3;
			case "FAILED" -> 4;
			default -> 5;
		};
	}

	private static BigDecimal percent(long part, long whole) {
		if (whole == 0) {
			return BigDecimal.ZERO;
		}
		return BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
	}

	private static LocalDate monday(LocalDate day) {
		return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
	}

	private static LocalDate max(LocalDate a, LocalDate b) {
		return a.isAfter(b) ? a : b;
	}

	private static LocalDate min(LocalDate a, LocalDate b) {
		return a.isBefore(b) ? a : b;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
