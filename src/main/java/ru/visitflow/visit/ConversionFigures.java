package ru.visitflow.visit;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.company.CompanyRegionFigures;
import ru.visitflow.system.SummaryRows;

/**
 * Keeps the summaries behind the dashboards' sales tables in step with completed visits
 * and 1C sales, in the transaction that writes them: {@code dash_completed_visit} (each
 * completed visit with the days to its company's next sale),
 * {@code dash_conversion_month} (completed and converted visits per month, rep, region
 * and type, for each conversion window kept), {@code dash_sale} and {@code dash_sale_rep}
 * (each sale with the company's or the rep's completed visits around it) and their
 * monthly sums. Everything is rewritten per company: the company's row in
 * {@code dash_sales_company} is taken first (companies in ascending order), its figures
 * are read before and after the change, and the difference goes into the monthly rows in
 * one order, so concurrent writers neither lose counts nor deadlock.
 */
@Component
public class ConversionFigures implements CompanyRegionFigures {

	/** The month of "no visit or sale before" in the monthly sums. */
	public static final LocalDate NONE_BEFORE = LocalDate.of(1000, 1, 1);

	/** The month of "no visit after" in the monthly sums. */
	public static final LocalDate NONE_AFTER = LocalDate.of(9999, 12, 1);

	private static final int[] SALE_TYPES = { Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.DATE, Types.DECIMAL,
			Types.DATE, Types.DATE, Types.DATE };

	private static final int[] SALE_REP_TYPES = { Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.DATE,
			Types.DECIMAL, Types.DATE, Types.DATE, Types.DATE };

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final SummaryRows rows;

	ConversionFigures(JdbcClient jdbc, JdbcTemplate batch, SummaryRows rows) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.rows = rows;
	}

	/** A completed visit as the sales summaries count it. */
	record Completed(LocalDate day, String repId, String region, String visitType, long companyId) {
	}

	private record Row(UUID visitId, LocalDate day, String repId, String region, String visitType, Integer daysToSale,
			long salesBefore, long salesAfter) {
	}

	private record Sale(String number, LocalDate day, BigDecimal amount) {
	}

	/**
	 * Keeps the visit's completed row (when it counts as completed now) or removes it,
	 * with the conversion and the sales beside visits of its company (and of its former
	 * company).
	 */
	void completed(UUID visitId, Optional<Completed> now) {
		TreeSet<Long> companies = new TreeSet<>(
				this.jdbc.sql("select company_id from dash_completed_visit where visit_id = ?")
					.param(visitId)
					.query(Long.class)
					.list());
		now.ifPresent((c) -> companies.add(c.companyId()));
		rewrite(companies, () -> {
			this.jdbc.sql("delete from dash_completed_visit where visit_id = ?").param(visitId).update();
			now.ifPresent((c) -> this.jdbc
				.sql("""
						insert into dash_completed_visit (visit_id, on_day, rep_id, region, visit_type, company_id, days_to_sale)
						values (?, ?, ?, ?, ?, ?, null)
						""")
				.params(visitId, c.day(), c.repId(), c.region(), c.visitType(), c.companyId())
				.update());
		});
	}

	/**
	 * The sales of these companies changed (a 1C import): the days from their completed
	 * visits to the next sale, the conversion, and the sales beside the visits.
	 */
	public void salesChanged(Collection<Long> companyIds) {
		rewrite(new TreeSet<>(companyIds), null);
	}

	/**
	 * A company saved to the mirror: when its region changed, its sales move to the new
	 * region.
	 */
	@Override
	public void saved(long companyId, String region) {
		if (this.jdbc.sql("select count(*) from dash_sale where company_id = ? and region <> ?")
			.params(companyId, (region != null) ? region : "")
			.query(Long.class)
			.single() > 0) {
			salesChanged(List.of(companyId));
		}
	}

	/** Whether the monthly conversion rows are kept for this window. */
	public boolean kept(int windowDays) {
		return this.jdbc.sql("select count(*) from dash_conversion_window where window_days = ?")
			.param(windowDays)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Keeps the monthly conversion rows for this window (the configured one) instead of
	 * any other: a window changed in the settings is filled from the completed visits
	 * once, at start.
	 */
	@Transactional
	public void keep(int windowDays) {
		if (kept(windowDays)) {
			return;
		}
		this.jdbc.sql("delete from dash_conversion_month").update();
		this.jdbc.sql("delete from dash_conversion_window").update();
		this.jdbc.sql("insert into dash_conversion_window (window_days) values (?)").param(windowDays).update();
		// each visit's sales in the window before and after it, for this window
		this.jdbc.sql("""
				update dash_completed_visit set
				  sales_before_cents = coalesce((select sum(cast(s.amount * 100 as bigint)) from sales_document s
				    where s.company_id = dash_completed_visit.company_id
				      and s.document_date < dash_completed_visit.on_day
				      and extract(epoch from cast(dash_completed_visit.on_day as timestamp))
				        - extract(epoch from cast(s.document_date as timestamp)) <= 86400 * ?), 0),
				  sales_after_cents = coalesce((select sum(cast(s.amount * 100 as bigint)) from sales_document s
				    where s.company_id = dash_completed_visit.company_id
				      and s.document_date > dash_completed_visit.on_day
				      and extract(epoch from cast(s.document_date as timestamp))
				        - extract(epoch from cast(dash_completed_visit.on_day as timestamp)) <= 86400 * ?), 0)
				""").params(windowDays, windowDays).update();
		this.jdbc
			.sql("""
					insert into dash_conversion_month (window_days, on_month, rep_id, region, visit_type, visits, converted,
					  sales_before_cents, sales_after_cents)
					select ?, m, rep_id, region, visit_type, count(*),
					  sum(case when days_to_sale is not null and days_to_sale <= ? then 1 else 0 end),
					  sum(sales_before_cents), sum(sales_after_cents)
					from (select cast(to_char(on_day, 'YYYY-MM') || '-01' as date) m, rep_id, region, visit_type, days_to_sale,
					        sales_before_cents, sales_after_cents
					      from dash_completed_visit) x
					group by m, rep_id, region, visit_type
					""")
			.params(windowDays, windowDays)
			.update();
	}

	private void rewrite(TreeSet<Long> companies, Runnable change) {
		for (long company : companies) {
			this.rows.add("dash_sales_company", Map.of("company_id", company), Map.of("refreshes", 1L));
		}
		List<Integer> windows = this.jdbc.sql("select window_days from dash_conversion_window")
			.query(Integer.class)
			.list();
		// the sales before and after each visit are kept for the one window kept
		int window = windows.stream().mapToInt(Integer::intValue).max().orElse(0);
		Map<String, Delta> deltas = new TreeMap<>();
		Map<Long, List<Row>> before = new TreeMap<>();
		for (long company : companies) {
			before.put(company, completedRows(company));
			before.get(company).forEach((row) -> count(row, -1, windows, deltas));
		}
		if (change != null) {
			change.run();
		}
		for (long company : companies) {
			List<Sale> sales = this.jdbc
				.sql("select document_number, document_date, amount from sales_document where company_id = ?"
						+ " order by document_date, document_number")
				.param(company)
				.query((rs, n) -> new Sale(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getBigDecimal(3)))
				.list();
			List<Row> visits = new ArrayList<>();
			for (Row row : (change != null) ? completedRows(company) : before.get(company)) {
				Integer days = daysToSale(row.day(), sales);
				long salesBefore = salesIn(sales, row.day().minusDays(window), row.day().minusDays(1));
				long salesAfter = salesIn(sales, row.day().plusDays(1), row.day().plusDays(window));
				if (!Objects.equals(days, row.daysToSale()) || salesBefore != row.salesBefore()
						|| salesAfter != row.salesAfter()) {
					this.jdbc
						.sql("""
								update dash_completed_visit set days_to_sale = ?, sales_before_cents = ?, sales_after_cents = ?
								where visit_id = ?
								""")
						.params(days, salesBefore, salesAfter, row.visitId())
						.update();
				}
				Row now = new Row(row.visitId(), row.day(), row.repId(), row.region(), row.visitType(), days,
						salesBefore, salesAfter);
				visits.add(now);
				count(now, 1, windows, deltas);
			}
			salesBesideVisits(company, sales, visits, deltas);
		}
		for (Delta delta : deltas.values()) {
			if (delta.sums.values().stream().anyMatch((v) -> v != 0)) {
				this.rows.add(delta.table, delta.key, delta.sums);
			}
		}
	}

	private List<Row> completedRows(long company) {
		return this.jdbc.sql("""
				select visit_id, on_day, rep_id, region, visit_type, days_to_sale, sales_before_cents, sales_after_cents
				from dash_completed_visit where company_id = ?
				""")
			.param(company)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class), rs.getString(3),
					rs.getString(4), rs.getString(5), (Integer) rs.getObject(6, Integer.class), rs.getLong(7),
					rs.getLong(8)))
			.list();
	}

	/** Days from the visit's day to the company's first sale on or after it. */
	private static Integer daysToSale(LocalDate day, List<Sale> sales) {
		for (Sale sale : sales) {
			if (!sale.day().isBefore(day)) {
				return (int) ChronoUnit.DAYS.between(day, sale.day());
			}
		}
		return null;
	}

	/** The company's sales from one day to another, both included, in kopecks. */
	private static long salesIn(List<Sale> sales, LocalDate from, LocalDate to) {
		long cents = 0;
		for (Sale sale : sales) {
			if (!sale.day().isBefore(from) && !sale.day().isAfter(to)) {
				cents += cents(sale.amount());
			}
		}
		return cents;
	}

	private static void count(Row row, int sign, List<Integer> windows, Map<String, Delta> deltas) {
		for (int window : windows) {
			Map<String, Object> key = new LinkedHashMap<>();
			key.put("window_days", window);
			key.put("on_month", row.day().withDayOfMonth(1));
			key.put("rep_id", row.repId());
			key.put("region", row.region());
			key.put("visit_type", row.visitType());
			add(deltas, "dash_conversion_month", key, "visits", sign);
			add(deltas, "dash_conversion_month", key, "converted",
					(row.daysToSale() != null && row.daysToSale() <= window) ? sign : 0);
			add(deltas, "dash_conversion_month", key, "sales_before_cents", sign * row.salesBefore());
			add(deltas, "dash_conversion_month", key, "sales_after_cents", sign * row.salesAfter());
		}
	}

	private static void add(Map<String, Delta> deltas, String table, Map<String, Object> key, String column,
			long value) {
		Delta delta = deltas.computeIfAbsent(table + key.values(), (k) -> new Delta(table, key));
		delta.sums.merge(column, value, Long::sum);
	}

	/**
	 * Rewrites the company's rows of {@code dash_sale} (each sale, with the company's
	 * sale before it and its completed visits around it) and {@code dash_sale_rep} (the
	 * same per rep who completed a visit there), and moves their monthly sums from what
	 * the old rows counted for to what the new ones count for.
	 */
	private void salesBesideVisits(long company, List<Sale> sales, List<Row> visits, Map<String, Delta> deltas) {
		this.jdbc.sql("""
				select region, on_day, amount, prev_sale_day, prev_visit_day, next_visit_day from dash_sale
				where company_id = ?
				""").param(company).query((rs) -> {
			saleMonth(deltas, rs.getString(1), rs.getObject(2, LocalDate.class), rs.getBigDecimal(3),
					rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class),
					rs.getObject(6, LocalDate.class), -1);
		});
		this.jdbc.sql("""
				select rep_id, on_day, amount, prev_visit_day, next_visit_day from dash_sale_rep where company_id = ?
				""").param(company).query((rs) -> {
			repMonth(deltas, rs.getString(1), rs.getObject(2, LocalDate.class), rs.getBigDecimal(3),
					rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class), -1);
		});
		this.jdbc.sql("delete from dash_sale where company_id = ?").param(company).update();
		this.jdbc.sql("delete from dash_sale_rep where company_id = ?").param(company).update();
		String region = this.jdbc.sql("select region from company where id = ?")
			.param(company)
			.query(String.class)
			.optional()
			.orElse("");
		String companyRegion = (region != null) ? region : "";
		TreeSet<String> reps = new TreeSet<>();
		visits.forEach((v) -> reps.add(v.repId()));
		LocalDate previousSale = null;
		List<Object[]> saleRows = new ArrayList<>();
		List<Object[]> repRows = new ArrayList<>();
		for (Sale sale : sales) {
			LocalDate[] around = around(sale.day(), visits);
			saleRows.add(new Object[] { sale.number(), company, companyRegion, sale.day(), sale.amount(), previousSale,
					around[0], around[1] });
			saleMonth(deltas, companyRegion, sale.day(), sale.amount(), previousSale, around[0], around[1], 1);
			for (String rep : reps) {
				LocalDate[] repAround = around(sale.day(),
						visits.stream().filter((v) -> v.repId().equals(rep)).toList());
				repRows.add(new Object[] { sale.number(), rep, company, companyRegion, sale.day(), sale.amount(),
						previousSale, repAround[0], repAround[1] });
				repMonth(deltas, rep, sale.day(), sale.amount(), repAround[0], repAround[1], 1);
			}
			previousSale = sale.day();
		}
		this.batch.batchUpdate("""
				insert into dash_sale (document_number, company_id, region, on_day, amount, prev_sale_day,
				  prev_visit_day, next_visit_day)
				values (?, ?, ?, ?, ?, ?, ?, ?)
				""", saleRows, SALE_TYPES);
		this.batch.batchUpdate("""
				insert into dash_sale_rep (document_number, rep_id, company_id, region, on_day, amount, prev_sale_day,
				  prev_visit_day, next_visit_day)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				""", repRows, SALE_REP_TYPES);
	}

	/** The last of the visits on or before the day and the first on or after it. */
	private static LocalDate[] around(LocalDate day, List<Row> visits) {
		LocalDate before = null;
		LocalDate after = null;
		for (Row visit : visits) {
			if (!visit.day().isAfter(day) && (before == null || visit.day().isAfter(before))) {
				before = visit.day();
			}
			if (!visit.day().isBefore(day) && (after == null || visit.day().isBefore(after))) {
				after = visit.day();
			}
		}
		return new LocalDate[] { before, after };
	}

	private static void saleMonth(Map<String, Delta> deltas, String region, LocalDate day, BigDecimal amount,
			LocalDate previousSale, LocalDate previousVisit, LocalDate nextVisit, int sign) {
		Map<String, Object> key = new LinkedHashMap<>();
		key.put("on_month", day.withDayOfMonth(1));
		key.put("region", region);
		key.put("prev_visit_month", month(previousVisit, NONE_BEFORE));
		key.put("next_visit_month", month(nextVisit, NONE_AFTER));
		key.put("prev_sale_month", month(previousSale, NONE_BEFORE));
		add(deltas, "dash_sale_month", key, "amount_cents", sign * cents(amount));
		add(deltas, "dash_sale_month", key, "sales", sign);
	}

	private static void repMonth(Map<String, Delta> deltas, String rep, LocalDate day, BigDecimal amount,
			LocalDate previousVisit, LocalDate nextVisit, int sign) {
		Map<String, Object> key = new LinkedHashMap<>();
		key.put("rep_id", rep);
		key.put("on_month", day.withDayOfMonth(1));
		key.put("prev_visit_month", month(previousVisit, NONE_BEFORE));
		key.put("next_visit_month", month(nextVisit, NONE_AFTER));
		add(deltas, "dash_sale_rep_month", key, "amount_cents", sign * cents(amount));
		add(deltas, "dash_sale_rep_month", key, "sales", sign);
	}

	private static LocalDate month(LocalDate day, LocalDate none) {
		return (day != null) ? day.withDayOfMonth(1) : none;
	}

	private static long cents(BigDecimal amount) {
		return amount.movePointRight(2).longValueExact();
	}

	private static final class Delta {

		private final String table;

		private final Map<String, Object> key;

		private final Map<String, Long> sums = new LinkedHashMap<>();

		Delta(String table, Map<String, Object> key) {
			this.table = table;
			this.key = key;
		}

	}

}
