package ru.visitflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.company.CompanySync;
import ru.visitflow.bitrix24.inbound.InboxProcessor;
import ru.visitflow.bitrix24.inbound.Reconciliation;
import ru.visitflow.bitrix24.outbound.VisitSyncWorker;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.company.CompanyCardEditor;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.sandbox.FailureMode;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Bitrix24 as customers' portals really are, on the sandbox behaving as Bitrix24 does:
 * people move cards while Visitflow syncs (a move is never undone, even one made right
 * before Visitflow's write), one method blocked by its operating limit holds up nothing
 * else, echoes are read in batches behind people's moves, a title a person gave stays,
 * phones change in place, calendar events carry the rep's zone, and reconciliation
 * notices an item that disagrees with its visit whoever moved it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "server.port=18986", "visitflow.bitrix24-sandbox.requests-per-second=500",
				"visitflow.bitrix24-sandbox.burst=5000", "visitflow.bitrix24-sandbox.snapshot-file=",
				"visitflow.bitrix24.rate-limit.requests-per-second=500", "visitflow.bitrix24.rate-limit.burst=5000",
				"visitflow.bitrix24.retry.max-attempts=2", "visitflow.bitrix24.retry.initial-backoff=5ms",
				"visitflow.bitrix24.retry.max-backoff=10ms", "visitflow.bitrix24.sync.retries=2",
				"visitflow.bitrix24.sync.retry-backoff=1s",
				"spring.datasource.url=jdbc:h2:mem:visitflow-portal;DB_CLOSE_DELAY=-1" })
class Bitrix24PortalTests extends LifecycleTestSupport {

	@Autowired
	private Bitrix24Sandbox sandbox;

	@Autowired
	private VisitSyncWorker worker;

	@Autowired
	private InboxProcessor inbox;

	@Autowired
	private Reconciliation reconciliation;

	@Autowired
	private CompanySync companySync;

	@Autowired
	private CompanyMirror mirror;

	@Autowired
	private CompanyCardEditor cards;

	@Autowired
	private Bitrix24 bitrix24;

	@Autowired
	private JdbcClient jdbc;

	@BeforeEach
	void cleanSandbox() {
		this.sandbox.setFailureMode(FailureMode.NONE);
		this.sandbox.setEventDelivery(true);
		this.inbox.processPending();
		drain();
	}

	@AfterEach
	void healSandbox() {
		this.sandbox.setFailureMode(FailureMode.NONE);
		this.sandbox.setEventDelivery(true);
	}

	private String stage(String code) {
		return this.sandbox.stageId(code);
	}

	private Map<String, Object> item(long id) {
		return this.sandbox.item(id).orElseThrow();
	}

	private long itemIdOf(Visit visit) {
		Long itemId = reload(visit).bitrix24ItemId();
		assertThat(itemId).as("Bitrix24 item of visit %s", visit.id()).isNotNull();
		return itemId;
	}

	private void drain() {
		for (int round = 0; round < 10 && this.worker.syncOnce() > 0; round++) {
		}
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

	private long itemReads() {
		return this.sandbox.requestCount("crm.item.get") + this.sandbox.requestCount("crm.item.list");
	}

	private long created(long userId, Map<String, ?> fields) {
		return ((Number) this.sandbox.createItem(userId, fields).get("id")).longValue();
	}

	// --- a person's move is never undone
	// -----------------------------------------------------------------

	@Test
	void aMoveMadeRightAfterTheItemWasCreatedIsKeptAndCompletesItsVisit() {
		long itemId = created(2, Map.of("title", "Визит сразу", "companyId", 11, "assignedById", 2, "stageId",
				stage("NEW"), "ufCrmVisitStart", "2026-12-03T11:00:00+03:00"));
		waitFor(() -> received("ONCRMDYNAMICITEMADD", itemId) > 0, "the add event");
		this.inbox.processPending();
		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();
		// within a week: the lifecycle puts it In work, which the first sync would write
		// over the card
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		this.sandbox.setEventDelivery(false);
		this.sandbox.moveItem(itemId, stage("SUCCESS"), 2);

		drain();
		this.inbox.processPending();
		drain();

		assertThat(reload(visit).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(item(itemId).get("stageId")).isEqualTo(stage("SUCCESS"));
	}

	@Test
	void aMoveVisitflowsOwnWriteCoveredIsFoundInTheSameBatchAndApplied() {
		Visit visit = plan(REP1, "2026-12-20T10:00");
		drain();
		long itemId = itemIdOf(visit);
		assertThat(item(itemId).get("stageId")).isEqualTo(stage("NEW"));
		// the timer moves the visit In work; before Visitflow writes that, a person moves
		// the card to success
		moveClockTo(LocalDateTime.parse("2026-12-13T00:00").atZone(MOSCOW).toInstant(), visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		this.sandbox.setEventDelivery(false);
		this.sandbox.moveItem(itemId, stage("SUCCESS"), 2);

		drain();
		this.inbox.processPending();
		drain();

		assertThat(reload(visit).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(item(itemId).get("stageId")).isEqualTo(stage("SUCCESS"));
	}

	@Test
	void aVisitMadeFromAnItemAlreadyInTheFailStageStartsCancelled() {
		this.sandbox.setEventDelivery(false);
		long itemId = created(2, Map.of("title", "Не состоится", "companyId", 12, "assignedById", 2, "stageId",
				stage("NEW"), "ufCrmVisitStart", "2026-12-18T11:00:00+03:00"));
		this.sandbox.moveItem(itemId, stage("FAIL"), 2);
		this.reconciliation.run();
		drain();
		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();
		assertThat(visit.stage()).isEqualTo(VisitStage.CANCELLED);
		// the demo portal has a stage of its own for Cancelled (a fail stage too); a
		// stock one keeps FAIL
		assertThat(item(itemId).get("stageId")).isIn(stage("FAIL"), stage("UC_CANCELLED"));
	}

	// --- limits and echoes
	// -------------------------------------------------------------------------------

	@Test
	void aMethodBlockedByItsOperatingLimitHoldsUpNoOtherEvent() {
		Visit visit = plan(REP1, "2026-12-04T10:00");
		drain();
		long itemId = itemIdOf(visit);
		this.inbox.processPending();
		this.sandbox.blockMethod("crm.company.get", Duration.ofSeconds(90));
		long companyEvents = received("ONCRMCOMPANYUPDATE", 7);
		long itemEvents = received("ONCRMDYNAMICITEMUPDATE", itemId);
		this.sandbox.updateCompany(7, 2, Map.of("TITLE", "ООО «Седьмая»"));
		this.sandbox.moveItem(itemId, stage("SUCCESS"), 2);
		waitFor(() -> received("ONCRMCOMPANYUPDATE", 7) > companyEvents
				&& received("ONCRMDYNAMICITEMUPDATE", itemId) > itemEvents, "both events");

		long started = System.nanoTime();
		this.inbox.processPending();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(took).isLessThan(Duration.ofSeconds(10));
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.COMPLETED);
		// the company event waits for the method's reset, with no attempt used up
		Map<String, Object> parked = this.jdbc
			.sql("select attempts, next_attempt_at, processed_at from bitrix24_event where event = ? and entity_id = ?"
					+ " order by id desc limit 1")
			.params("ONCRMCOMPANYUPDATE", 7)
			.query()
			.singleRow();
		assertThat(parked.get("PROCESSED_AT")).isNull();
		assertThat(((Number) parked.get("ATTEMPTS")).intValue()).isZero();
		assertThat(((OffsetDateTime) parked.get("NEXT_ATTEMPT_AT")).toInstant()).isAfter(Instant.now().plusSeconds(60));
	}

	@Test
	void echoesAreReadInBatchesWithoutOneCallPerEventAndAHandMoveStillCounts() {
		List<Visit> planned = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			planned.add(plan(REP1, "2026-12-2" + (i % 8 + 1) + "T10:00"));
		}
		drain();
		long lastItem = itemIdOf(planned.get(59));
		waitFor(() -> received("ONCRMDYNAMICITEMADD", lastItem) > 0, "the add echoes");
		long readsBefore = itemReads();
		this.inbox.processPending();
		// the creation of an item that has its visit carries nothing new: no read at all
		assertThat(itemReads() - readsBefore).isZero();

		for (Visit visit : planned) {
			moveClockTo(LocalDateTime.parse("2026-12-20T00:00").atZone(MOSCOW).toInstant(), visit);
		}
		drain();
		Visit moved = planned.get(30);
		long movedItem = itemIdOf(moved);
		long updates = received("ONCRMDYNAMICITEMUPDATE", movedItem);
		this.sandbox.moveItem(movedItem, stage("SUCCESS"), 2);
		waitFor(() -> received("ONCRMDYNAMICITEMUPDATE", movedItem) > updates, "the move");
		waitFor(() -> received("ONCRMDYNAMICITEMUPDATE", itemIdOf(planned.get(59))) > 0, "the echoes");
		readsBefore = itemReads();

		this.inbox.processPending();

		assertThat(itemReads() - readsBefore).isLessThanOrEqualTo(3);
		assertThat(reload(moved).stage()).isEqualTo(VisitStage.COMPLETED);
	}

	// --- titles, phones, calendar
	// ------------------------------------------------------------------------

	@Test
	void aTitleAPersonGaveIsKeptWhenTheVisitChanges() {
		long itemId = created(2, Map.of("title", "Встреча с закупщиком (важно!)", "companyId", 13, "assignedById", 2,
				"stageId", stage("NEW"), "ufCrmVisitStart", "2026-12-22T12:00:00+03:00"));
		waitFor(() -> received("ONCRMDYNAMICITEMADD", itemId) > 0, "the add event");
		this.inbox.processPending();
		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();
		drain();
		this.visits.reschedule(visit.id(), "2026-12-23T12:00", REP1);
		drain();
		assertThat(item(itemId).get("title")).isEqualTo("Встреча с закупщиком (важно!)");
		assertThat(item(itemId).get("ufCrmVisitStart").toString()).startsWith("2026-12-23T12:00");

		// and a visit Visitflow made, renamed by a person, keeps that name too
		Visit own = plan(REP1, "2026-12-24T10:00");
		drain();
		long ownItem = itemIdOf(own);
		this.sandbox.updateItem(ownItem, 2, Map.of("title", "Переименовано вручную"));
		this.reconciliation.run();
		this.visits.reschedule(own.id(), "2026-12-25T10:00", REP1);
		drain();
		assertThat(item(ownItem).get("title")).isEqualTo("Переименовано вручную");
	}

	@Test
	void aVisitWithOnlyACompanyIdIsTitledWithTheMirrorsName() {
		this.companySync.refresh(21);
		String name = this.mirror.company(21).orElseThrow().title();
		Visit visit = this.visits.create(new NewVisit(21L, null, null, null, "meeting", "2026-12-21T10:00", null,
				"Проверка", "Москва", VisitOrigin.MANUAL), REP1);
		drain();
		assertThat(item(itemIdOf(visit)).get("title").toString()).startsWith(name).doesNotContain("№");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aPhoneEditChangesTheValueInPlaceKeepingItsIdAndType() {
		List<Map<String, Object>> before = (List<Map<String, Object>>) this.sandbox.company(8)
			.orElseThrow()
			.get("PHONE");
		Map<String, Object> first = before.get(0);
		List<String> wanted = new ArrayList<>(before.stream().map((phone) -> phone.get("VALUE").toString()).toList());
		wanted.set(0, "+7 912 000-11-22");

		this.cards.update(8, new CompanyCardEditor.CardChange(null, wanted, null));

		List<Map<String, Object>> after = (List<Map<String, Object>>) this.sandbox.company(8)
			.orElseThrow()
			.get("PHONE");
		assertThat(after).hasSize(before.size());
		Map<String, Object> changed = after.stream()
			.filter((phone) -> phone.get("ID").equals(first.get("ID")))
			.findFirst()
			.orElseThrow();
		assertThat(changed.get("VALUE")).isEqualTo("+7 912 000-11-22");
		assertThat(changed.get("VALUE_TYPE")).isEqualTo(first.get("VALUE_TYPE"));
	}

	@Test
	void aCalendarEventIsInTheRepsOwnZone() {
		Visit visit = plan(REP2, "2026-12-19T15:00");
		drain();
		Map<String, Object> event = this.sandbox.calendarEvents(3)
			.stream()
			.filter((candidate) -> String.valueOf(candidate.get("NAME")).contains(reload(visit).companyTitle()))
			.reduce((first, second) -> second)
			.orElseThrow();
		assertThat(event.get("TZ_FROM")).isEqualTo("Asia/Yekaterinburg");
		assertThat(Long.parseLong(event.get("DATE_FROM_TS_UTC").toString()))
			.isEqualTo(reload(visit).plannedStart().getEpochSecond());
	}

	// --- company fields
	// ---------------------------------------------------------------------------------------

	@Test
	void companyFieldsAreConfigurationCheckedAgainstThePortal() {
		assertThat(new CompanySync(this.bitrix24, this.mirror,
				new Bitrix24Properties.CompanyFields("UF_CRM_COORDINATES", null))
			.checkFields()).isNull();
		String problem = new CompanySync(this.bitrix24, this.mirror,
				new Bitrix24Properties.CompanyFields("UF_CRM_GEO", "UF_CRM_HOURS"))
			.checkFields();
		assertThat(problem).contains("UF_CRM_GEO", "UF_CRM_HOURS", "UF_CRM_COORDINATES");

		// a portal keeping no coordinates: the mirror takes none, the map geocodes the
		// address
		new CompanySync(this.bitrix24, this.mirror, new Bitrix24Properties.CompanyFields("", null)).refresh(31);
		assertThat(this.mirror.company(31).orElseThrow().latitude()).isNull();
		this.companySync.refresh(31);
		assertThat(this.mirror.company(31).orElseThrow().latitude()).isNotNull();
	}

	// --- drift
	// -------------------------------------------------------------------------------------------

	@Test
	void reconciliationNoticesAnItemThatDisagreesWithItsVisitEvenIfTheIntegrationsUserMovedIt() {
		assertThat(Bitrix24Sandbox.WEBHOOK_USER_ID).isNotEqualTo(Bitrix24Sandbox.DEFAULT_PERSON_ID);
		JsonNode me = this.bitrix24.call("user.current", Map.of()).result();
		assertThat(me.path("ID").asLong()).isEqualTo(Bitrix24Sandbox.WEBHOOK_USER_ID);
		Visit visit = plan(REP1, "2026-12-26T10:00");
		drain();
		long itemId = itemIdOf(visit);
		this.sandbox.setEventDelivery(false);
		this.sandbox.moveItem(itemId, stage("FAIL"), Bitrix24Sandbox.WEBHOOK_USER_ID);

		this.reconciliation.run();

		assertThat(reload(visit).stage()).isEqualTo(VisitStage.CANCELLED);
	}

}
