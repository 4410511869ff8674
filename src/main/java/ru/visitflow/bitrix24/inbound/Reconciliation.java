package ru.visitflow.bitrix24.inbound;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.company.CompanySync;
import ru.visitflow.bitrix24.outbound.VisitSync;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.StageMap;

/**
 * Bitrix24 delivers events at most once, so this reads, by modification time, the Visit
 * items and companies changed since the last run (minus an overlap) and handles them as
 * if their events had come.
 */
@Component
public class Reconciliation {

	private static final Logger logger = LoggerFactory.getLogger(Reconciliation.class);

	private final Bitrix24 bitrix24;

	private final InboundVisits visits;

	private final CompanySync companies;

	private final Bitrix24Properties properties;

	private final JdbcClient jdbc;

	private final StageMap stageMap;

	Reconciliation(Bitrix24 bitrix24, InboundVisits visits, CompanySync companies, Bitrix24Properties properties,
			JdbcClient jdbc, StageMap stageMap) {
		this.stageMap = stageMap;
		this.bitrix24 = bitrix24;
		this.visits = visits;
		this.companies = companies;
		this.properties = properties;
		this.jdbc = jdbc;
	}

	/** One run; returns how many items were looked at. */
	public int run() {
		Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant since = watermark("items").orElse(started.minus(1, ChronoUnit.DAYS))
			.minus(this.properties.reconciliation().overlap());
		int[] items = { 0 };
		StageMap.Resolved stages = this.stageMap.resolved()
			.orElseThrow(() -> new IllegalStateException("Bitrix24 is not ready: " + this.stageMap.problem()));
		// the rows carry every field Visitflow compares: a quiet item (showing what
		// Visitflow wrote) costs no call,
		// and an item whose stage disagrees with its visit is noticed whoever changed it
		this.bitrix24
			.scan("crm.item.list",
					Map.of("entityTypeId", this.properties.entityTypeId(), "select",
							VisitSync.itemSelect(stages.fields()), "filter", Map.of(">=updatedTime", since.toString())),
					"items", "id")
			.forEach((item) -> {
				items[0]++;
				try {
					this.visits.itemChanged(item);
				}
				catch (RuntimeException ex) {
					logger.warn("Reconciliation of Bitrix24 item {} failed: {}", item.path("id").asText(),
							ex.getMessage());
				}
			});
		saveWatermark("items", started);
		Instant companiesSince = watermark("companies").orElse(started.minus(1, ChronoUnit.DAYS))
			.minus(this.properties.reconciliation().overlap());
		this.companies.importModifiedSince(companiesSince);
		saveWatermark("companies", started);
		if (items[0] > 0) {
			logger.info("Reconciliation looked at {} Bitrix24 items changed since {}", items[0], since);
		}
		return items[0];
	}

	private Optional<Instant> watermark(String name) {
		return this.jdbc.sql("select read_until from bitrix24_watermark where name = ?")
			.param(name)
			.query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
			.optional();
	}

	private void saveWatermark(String name, Instant value) {
		int updated = this.jdbc.sql("update bitrix24_watermark set read_until = ? where name = ?")
			.params(value.atOffset(ZoneOffset.UTC), name)
			.update();
		if (updated == 0) {
			this.jdbc.sql("insert into bitrix24_watermark (name, read_until) values (?, ?)")
				.params(name, value.atOffset(ZoneOffset.UTC))
				.update();
		}
	}

}
