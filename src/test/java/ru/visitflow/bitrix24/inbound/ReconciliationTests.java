package ru.visitflow.bitrix24.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.bitrix24.FakeBitrix24;
import ru.visitflow.bitrix24.company.CompanySync;
import ru.visitflow.bitrix24.outbound.VisitSync;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * What reconciliation plans on a scripted Bitrix24: it reads the items changed since its
 * watermark (less the overlap), leaves Visitflow's own writes alone, acts on the others
 * as on an event, does not let one bad item stop the rest, and moves its watermarks on.
 */
class ReconciliationTests extends LifecycleTestSupport {

	private static final long BASE = 6_000_000L + (System.nanoTime() & 0xFFFFFL) * 100;

	@Autowired
	private VisitSync sync;

	@Autowired
	private UserDirectory users;

	@Autowired
	private CompanyMirror companies;

	@Autowired
	private LifecycleProperties lifecycle;

	@Autowired
	private Bitrix24Properties properties;

	@Autowired
	private MessageSource messages;

	@Autowired
	private JdbcClient jdbc;

	private FakeBitrix24 bitrix24;

	private Reconciliation reconciliation;

	@BeforeEach
	void fakePortal() {
		this.jdbc.sql("delete from bitrix24_watermark").update();
		this.bitrix24 = new FakeBitrix24();
		StageMap stageMap = new StageMap(this.bitrix24, this.properties);
		InboundVisits inbound = new InboundVisits(this.bitrix24, stageMap, this.visits, this.sync, this.users,
				this.companies, this.lifecycle, this.properties, this.messages);
		this.reconciliation = new Reconciliation(this.bitrix24, inbound, new CompanySync(this.bitrix24, this.companies),
				this.properties, this.jdbc, stageMap);
		this.bitrix24.answer("crm.company.list", (params) -> List.of());
		this.bitrix24.answer("crm.contact.list", (params) -> List.of());
	}

	private Instant watermark(String name) {
		return this.jdbc.sql("select read_until from bitrix24_watermark where name = ?")
			.param(name)
			.query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
			.single();
	}

	@Test
	void changesMissedByEventsAreActedOnFromTheListItselfWithoutOneReadPerItem() {
		long missed = BASE + 2;
		long broken = BASE + 3;
		// the rows carry what Visitflow compares, whoever changed the item last
		this.bitrix24.answer("crm.item.list",
				(params) -> Map.of("items", List.of(
						Map.of("id", broken, "categoryId", 11, "stageId", "DT1036_11:NEW", "assignedById", 2,
								"updatedBy", 1),
						Map.of("id", missed, "categoryId", 11, "stageId", "DT1036_11:NEW", "companyId", 780,
								"assignedById", 2, "updatedBy", 2, "ufCrmVisitStart", "2026-12-20T11:00:00+03:00"))));
		Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		int looked = this.reconciliation.run();

		assertThat(looked).isEqualTo(2);
		assertThat(this.bitrix24.calls("crm.item.get")).isEmpty();
		assertThat(this.visits.findByBitrix24Item(missed)).isPresent();
		assertThat(this.visits.findByBitrix24Item(broken)).isEmpty();
		assertThat(watermark("items")).isAfterOrEqualTo(before);
		assertThat(watermark("companies")).isAfterOrEqualTo(before);

		Instant firstWatermark = watermark("items");
		this.bitrix24.clearCalls();
		this.reconciliation.run();
		Map<?, ?> filter = (Map<?, ?>) this.bitrix24.calls("crm.item.list").get(0).params().get("filter");
		assertThat(Instant.parse(String.valueOf(filter.get(">=updatedTime"))))
			.as("from the last watermark, less the overlap")
			.isEqualTo(firstWatermark.minus(this.properties.reconciliation().overlap()));
	}

}
