package ru.visitflow.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL's per-table statistics, for the benchmarks that print what one unit of work
 * (a start, a fired timer) writes and reads.
 */
final class TableStatistics {

	private TableStatistics() {
	}

	/**
	 * Rows inserted, updated and deleted so far per table (the statistics lag by up to a
	 * second).
	 */
	static Map<String, Long> rowsWritten(JdbcClient jdbc) {
		Map<String, Long> rows = new TreeMap<>();
		jdbc.sql("select relname, n_tup_ins + n_tup_upd + n_tup_del as written from pg_stat_user_tables")
			.query((rs, row) -> rows.put(rs.getString("relname").toLowerCase(), rs.getLong("written")))
			.list();
		return rows;
	}

	/**
	 * Rows read by sequential scans so far per table, and the scans themselves ("table
	 * scans").
	 */
	static Map<String, Long> rowsScanned(JdbcClient jdbc) {
		Map<String, Long> rows = new TreeMap<>();
		jdbc.sql("select relname, seq_tup_read, seq_scan from pg_stat_user_tables").query((rs, row) -> {
			rows.put(rs.getString("relname").toLowerCase(), rs.getLong("seq_tup_read"));
			return rows.put(rs.getString("relname").toLowerCase() + " scans", rs.getLong("seq_scan"));
		}).list();
		return rows;
	}

	/**
	 * The change between two readings per unit of work, largest first, tables with at
	 * least {@code minimum} a unit.
	 */
	static Map<String, Double> perUnit(Map<String, Long> before, Map<String, Long> after, int units, double minimum) {
		Map<String, Double> per = new LinkedHashMap<>();
		after.entrySet()
			.stream()
			.map((e) -> Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / (double) units))
			.filter((e) -> e.getValue() >= minimum)
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.forEach((e) -> per.put(e.getKey(), Math.round(e.getValue() * 10) / 10.0));
		return per;
	}

	/** The sum of a {@link #perUnit} reading. */
	static double total(Map<String, Double> perUnit) {
		return perUnit.values().stream().mapToDouble(Double::doubleValue).sum();
	}

}
