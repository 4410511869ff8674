package ru.visitflow.sales;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ru.visitflow.demo.DemoProperties;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.Role;

/**
 * Demo sales beside the demo visits: on an empty embedded database with demo data,
 * documents for the demo companies (Bitrix24 ids 101 to 106 and 201 to 206) over the last
 * and next weeks, imported through the same path as a 1C file. Never on PostgreSQL.
 */
@Component
class SalesDemo {

	private final DemoProperties demo;

	private final SalesService sales;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final DataSource dataSource;

	SalesDemo(DemoProperties demo, SalesService sales, JdbcClient jdbc, Clock clock, DataSource dataSource) {
		this.dataSource = dataSource;
		this.demo = demo;
		this.sales = sales;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(20)
	public void create() {
		if (!this.demo.enabled()
				|| !this.jdbc.sql("select count(*) from sales_document").query(Long.class).single().equals(0L)
				|| !isH2()) {
			return;
		}
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneId.of("Europe/Moscow"));
		List<SalesRow> rows = new ArrayList<>();
		int line = 2;
		for (long company : List.of(101L, 102L, 104L, 201L, 203L, 204L, 105L, 205L)) {
			for (int k = 0; k < 3; k++) {
				LocalDate date = today.minusDays(40 - 17 * k - company % 5);
				rows.add(new SalesRow(line++, "DEMO-" + company + "-" + k, date.toString(),
						String.valueOf(15_000 + company * 37 % 900 * 100 + k * 2_500), null, String.valueOf(company)));
			}
		}
		this.sales.importRows(rows, "DEMO", "demo", new Actor("admin", Set.of(Role.ADMIN)));
	}

	private boolean isH2() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
