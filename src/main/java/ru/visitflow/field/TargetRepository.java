package ru.visitflow.field;

import java.time.YearMonth;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TargetRepository {

	private final JdbcClient jdbc;

	TargetRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Integer> find(String repId, YearMonth month) {
		return this.jdbc.sql("select visits from field_target where rep_id = ? and target_month = ?")
			.params(repId, month.toString())
			.query(Integer.class)
			.optional();
	}

	void save(String repId, YearMonth month, int visits, String by) {
		int updated = this.jdbc
			.sql("update field_target set visits = ?, set_by = ? where rep_id = ? and target_month = ?")
			.params(visits, by, repId, month.toString())
			.update();
		if (updated == 0) {
			this.jdbc.sql("insert into field_target (rep_id, target_month, visits, set_by) values (?, ?, ?, ?)")
				.params(repId, month.toString(), visits, by)
				.update();
		}
	}

}
