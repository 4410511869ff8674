package ru.visitflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.bitrix24.inbound.InboxProcessor;
import ru.visitflow.bitrix24.inbound.Reconciliation;
import ru.visitflow.bitrix24.outbound.VisitSyncWorker;
import ru.visitflow.bitrix24.portal.ItemFields;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * A portal set up as customers' usually are: a Visit smart process with only the stock
 * stages (Cancelled mapped to the fail stage, Overdue to In work), custom fields in
 * Bitrix24's camelCase ({@code ufCrm7_…}, configured in the UPPER_CASE spelling), a
 * date-only start field and no duration field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "server.port=18987", "visitflow.bitrix24-sandbox.requests-per-second=500",
				"visitflow.bitrix24-sandbox.burst=5000", "visitflow.bitrix24-sandbox.snapshot-file=",
				"visitflow.bitrix24.rate-limit.requests-per-second=500", "visitflow.bitrix24.rate-limit.burst=5000",
				"visitflow.bitrix24.retry.max-attempts=2", "visitflow.bitrix24.retry.initial-backoff=5ms",
				"visitflow.bitrix24.retry.max-backoff=10ms", "visitflow.bitrix24.stages.OVERDUE=PREPARATION",
				"visitflow.bitrix24.stages.CANCELLED=FAIL",
				"visitflow.bitrix24.fields.planned-start=UF_CRM_7_1739432938",
				"visitflow.bitrix24.fields.visit-type=ufCrm7_1739433001", "visitflow.bitrix24.fields.duration-minutes=",
				"visitflow.bitrix24-sandbox.smart-process.fields.planned-start=ufCrm7_1739432938",
				"visitflow.bitrix24-sandbox.smart-process.fields.planned-start-type=date",
				"visitflow.bitrix24-sandbox.smart-process.fields.visit-type=ufCrm7_1739433001",
				"visitflow.bitrix24-sandbox.smart-process.fields.duration-minutes=none",
				"spring.datasource.url=jdbc:h2:mem:visitflow-real-portal;DB_CLOSE_DELAY=-1" })
class RealPortalTests extends LifecycleTestSupport {

	private static final String START = "ufCrm7_1739432938";

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Autowired
	private VisitSyncWorker worker;

	@Autowired
	private InboxProcessor inbox;

	@Autowired
	private Reconciliation reconciliation;

	@Autowired
	private StageMap stageMap;

	@Autowired
	private JdbcClient jdbc;

	@BeforeEach
	void quiet() {
		this.sandbox.setEventDelivery(true);
		this.inbox.processPending();
		drain();
	}

	private void drain() {
		for (int round = 0; round < 10 && this.worker.syncOnce() > 0; round++) {
		}
	}

	private String stage(String code) {
		return this.sandbox.stageId(code);
	}

	private Map<String, Object> item(Visit visit) {
		return this.sandbox.item(reload(visit).bitrix24ItemId()).orElseThrow();
	}

	private long received(String event, long entityId) {
		return this.jdbc.sql("select count(*) from bitrix24_event where event = ? and entity_id = ?")
			.params(event, entityId)
			.query(Long.class)
			.single();
	}

	private static void waitFor(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			Thread.onSpinWait();
		}
	}

	@Test
	void theStockPipelineAndTheCamelCaseDateFieldAreAccepted() {
		assertThat(this.stageMap.problem()).isNull();
		ItemFields fields = this.stageMap.resolved().orElseThrow().fields();
		assertThat(fields.plannedStart().name()).isEqualTo(START);
		assertThat(fields.plannedStart().dateOnly()).isTrue();
		assertThat(fields.durationMinutes()).isNull();
		assertThat(this.sandbox.pipelines().get(0).stages()).extracting(Bitrix24Sandbox.Stage::code)
			.containsExactly("NEW", "PREPARATION", "CLIENT", "SUCCESS", "FAIL");
	}

	@Test
	void aCancelledVisitGoesToTheFailStageAndAHandMoveThereCancels() {
		Visit cancelled = plan(REP1, "2026-12-20T10:00");
		drain();
		this.visits.cancel(cancelled.id(), "Клиент закрылся", REP1);
		drain();
		assertThat(item(cancelled).get("stageId")).isEqualTo(stage("FAIL"));

		Visit moved = plan(REP1, "2026-12-21T10:00");
		drain();
		long itemId = reload(moved).bitrix24ItemId();
		long updates = received("ONCRMDYNAMICITEMUPDATE", itemId);
		this.sandbox.moveItem(itemId, stage("FAIL"), 2);
		waitFor(() -> received("ONCRMDYNAMICITEMUPDATE", itemId) > updates, "the move");
		this.inbox.processPending();
		assertThat(reload(moved).stage()).isEqualTo(VisitStage.CANCELLED);
	}

	@Test
	void aDateOnlyStartIsWrittenAsTheRepsDayAndADateChangedThereKeepsTheVisitsTime() {
		Visit visit = plan(REP2, "2026-12-20T13:28");
		drain();
		assertThat(ItemFields.day(String.valueOf(item(visit).get(START)))).isEqualTo(LocalDate.of(2026, 12, 20));

		long itemId = reload(visit).bitrix24ItemId();
		long updates = received("ONCRMDYNAMICITEMUPDATE", itemId);
		this.sandbox.updateItem(itemId, 3, Map.of(START, "2026-12-22"));
		waitFor(() -> received("ONCRMDYNAMICITEMUPDATE", itemId) > updates, "the date change");
		this.inbox.processPending();

		assertThat(reload(visit).plannedStart())
			.isEqualTo(LocalDateTime.parse("2026-12-22T13:28").atZone(YEKATERINBURG).toInstant());
	}

	@Test
	void aVisitMadeFromAnItemWithADateStartsAtTheDefaultTimeInTheRepsZone() {
		long itemId = ((Number) this.sandbox
			.createItem(3,
					Map.of("title", "Визит по дате", "companyId", 160, "assignedById", 3, "stageId", stage("NEW"),
							START, "2026-12-24"))
			.get("id")).longValue();
		waitFor(() -> received("ONCRMDYNAMICITEMADD", itemId) > 0, "the add event");
		this.inbox.processPending();
		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();
		assertThat(visit.plannedStart())
			.isEqualTo(LocalDateTime.parse("2026-12-24T10:00").atZone(YEKATERINBURG).toInstant());
	}

	@Test
	void reconciliationOfAClosedVisitAPersonLastChangedWritesNothingRoundAfterRound() {
		Visit visit = plan(REP1, "2026-12-03T13:28");
		drain();
		this.visits.complete(visit.id(), new VisitResult(VisitOutcome.ORDER_PLACED, "Заказ", null), REP1);
		drain();
		// a person touches the item of the closed visit (not its stage or date)
		this.sandbox.setEventDelivery(false);
		this.sandbox.updateItem(reload(visit).bitrix24ItemId(), 2, Map.of("title", "Проведён, заказ оформлен"));
		long items = this.sandbox.requestCount("crm.item.update") + this.sandbox.requestCount("crm.item.get");
		long calendar = this.sandbox.requestCount("calendar.event.update");

		this.reconciliation.run();
		drain();
		this.reconciliation.run();
		drain();

		assertThat(this.sandbox.requestCount("crm.item.update") + this.sandbox.requestCount("crm.item.get"))
			.isEqualTo(items);
		assertThat(this.sandbox.requestCount("calendar.event.update")).isEqualTo(calendar);
		assertThat(item(visit).get("title")).isEqualTo("Проведён, заказ оформлен");
		this.sandbox.setEventDelivery(true);
	}

}
