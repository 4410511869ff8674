package ru.visitflow.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Adds to a row of a summary table in the caller's transaction, creating it when missing:
 * one atomic statement ({@code insert .. on conflict} on PostgreSQL, standard
 * {@code merge} on H2), so that concurrent writers never lose a count.
 */
@Component
public class SummaryRows {

	private final JdbcClient jdbc;

	private final boolean postgres;

	SummaryRows(JdbcClient jdbc, DataSource dataSource) throws SQLException {
		this.jdbc = jdbc;
		try (Connection connection = dataSource.getConnection()) {
			this.postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
		}
	}

	/**
	 * Adds {@code sums} to the row with {@code keys}; {@code least} and {@code greatest}
	 * columns keep the smaller and the larger of the old and the given value.
	 */
	public void add(String table, Map<String, Object> keys, Map<String, Long> sums, Map<String, Long> least,
			Map<String, Long> greatest) {
		Map<String, Object> all = new LinkedHashMap<>(keys);
		all.putAll(sums);
		all.putAll(least);
		all.putAll(greatest);
		List<String> updates = new ArrayList<>();
		String other = this.postgres ? "excluded" : "s";
		sums.keySet().forEach((c) -> updates.add(c + " = t." + c + " + " + other + "." + c));
		least.keySet().forEach((c) -> updates.add(c + " = least(t." + c + ", " + other + "." + c + ")"));
		greatest.keySet().forEach((c) -> updates.add(c + " = greatest(t." + c + ", " + other + "." + c + ")"));
		String columns = String.join(", ", all.keySet());
		String marks = all.keySet().stream().map((c) -> "?").collect(Collectors.joining(", "));
		String sql;
		if (this.postgres) {
			sql = "insert into " + table + " as t (" + columns + ") values (" + marks + ") on conflict ("
					+ String.join(", ", keys.keySet()) + ") do update set " + String.join(", ", updates);
		}
		else {
			sql = "merge into " + table + " t using (values (" + marks + ")) s (" + columns + ") on "
					+ keys.keySet().stream().map((c) -> "t." + c + " = s." + c).collect(Collectors.joining(" and "))
					+ " when matched then update set " + String.join(", ", updates) + " when not matched then insert ("
					+ columns + ") values ("
					+ all.keySet().stream().map((c) -> "s." + c).collect(Collectors.joining(", ")) + ")";
		}
		List<Object> values = new ArrayList<>(all.values());
		try {
			this.jdbc.sql(sql).params(values).update();
		}
		catch (DuplicateKeyException ex) {
			if (this.postgres) {
				throw ex;
			}
			// H2's merge lets two transactions insert the same missing row at once; the
			// loser's statement alone is undone, and the row is there now to add to
			this.jdbc.sql(sql).params(values).update();
		}
	}

	/** Adds {@code sums} to the row with {@code keys}. */
	public void add(String table, Map<String, Object> keys, Map<String, Long> sums) {
		add(table, keys, sums, Map.of(), Map.of());
	}

}
