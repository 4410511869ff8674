package ru.visitflow.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sales document written by SQL around the import (its own import row, a fresh document
 * number): the dashboard suites' fixtures, which count it afterwards as they need.
 */
final class SalesBySql {

	private SalesBySql() {
	}

	static void insert(JdbcClient jdbc, long companyId, String date, String amount) {
		UUID importId = UUID.randomUUID();
		jdbc.sql("""
				insert into sales_import (id, source, rows_total, rows_new, imported_at, imported_by)
				values (?, 'TEST', 1, 1, current_timestamp, 'test')
				""").param(importId).update();
		jdbc.sql("""
				insert into sales_document (document_number, company_id, document_date, amount, import_id, imported_at)
				values (?, ?, ?, ?, ?, current_timestamp)
				""")
			.params("T-" + UUID.randomUUID(), companyId, LocalDate.parse(date), new BigDecimal(amount), importId)
			.update();
	}

}
