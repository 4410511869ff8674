package ru.visitflow.bitrix24;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestTemplate;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.company.CompanySync;
import ru.visitflow.bitrix24.inbound.InboxProcessor;
import ru.visitflow.bitrix24.inbound.Reconciliation;
import ru.visitflow.bitrix24.outbound.VisitSyncWorker;
import ru.visitflow.company.CompanyCardEditor;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.sandbox.Bitrix24Sandbox;
import ru.visitflow.sandbox.FailureMode;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Visitflow and its Bitrix24 sandbox over real HTTP: events start and steer visits, the
 * sync workers bring the sandbox's items and calendars to every visit's current stage,
 * and an outage ends in incidents that, once retried, leave every visit in its right
 * stage in Bitrix24. The workers, the inbox and reconciliation are called directly, so
 * nothing races the test; only the sandbox's own event delivery is asynchronous, and the
 * test waits for that delivery, never for a timer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "visitflow.bitrix24-sandbox.requests-per-second=500", "visitflow.bitrix24-sandbox.burst=5000",
				"visitflow.bitrix24-sandbox.snapshot-file=", "visitflow.bitrix24.rate-limit.requests-per-second=500",
				"visitflow.bitrix24.rate-limit.burst=5000", "visitflow.bitrix24.retry.max-attempts=2",
				"visitflow.bitrix24.retry.initial-backoff=5ms", "visitflow.bitrix24.retry.max-backoff=10ms",
				"visitflow.bitrix24.sync.retries=2", "visitflow.bitrix24.sync.retry-backoff=1s",
				"spring.datasource.url=jdbc:h2:mem:visitflow-e2e;DB_CLOSE_DELAY=-1" })
class Bitrix24EndToEndTests extends LifecycleTestSupport {

	private static final String TOKEN = "sandbox-application-token";

	@LocalServerPort
	private int port;

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
	private JdbcClient jdbc;

	private final RestTemplate http = new RestTemplate();

	@BeforeEach
	void cleanSandbox() {
		this.sandbox.setFailureMode(FailureMode.NONE);
		this.sandbox.setEventDelivery(true);
		// what earlier tests left behind is handled first, so each test sees only its own
		// work
		this.inbox.processPending();
		drain();
	}

	@AfterEach
	void healSandbox() {
		this.sandbox.setFailureMode(FailureMode.NONE);
		this.sandbox.setEventDelivery(true);
	}

	private static Instant moscow(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atZone(MOSCOW).toInstant();
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

	/** Runs the sync worker until nothing waits (fetchable now), at most a few rounds. */
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

	/**
	 * Waits for the sandbox's asynchronous delivery of {@code count} more of this event
	 * for this entity, then handles the inbox.
	 */
	private void deliver(String event, long entityId, long before) {
		waitFor(() -> received(event, entityId) > before, event + " " + entityId + " to arrive");
		this.inbox.processPending();
	}

	/** Handles the inbox as events arrive until the condition holds (at most 10 s). */
	private void handleEventsUntil(BooleanSupplier condition, String what) {
		waitFor(() -> {
			this.inbox.processPending();
			return condition.getAsBoolean();
		}, what);
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

	private ResponseEntity<String> postEvent(String event, long itemId, String token) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
		String body = "event=" + event + "&event_handler_id=17&data%5BFIELDS%5D%5BID%5D=" + itemId
				+ "&data%5BFIELDS%5D%5BENTITY_TYPE_ID%5D=" + this.sandbox.entityTypeId()
				+ "&ts=1733150000&auth%5Bdomain%5D=x.bitrix24.ru&auth%5Bapplication_token%5D=" + token;
		return this.http.postForEntity("http://localhost:" + this.port + "/bitrix24/events",
				new HttpEntity<>(body, headers), String.class);
	}

	private long visitsOfItem(long itemId) {
		return this.jdbc.sql("select count(*) from visit where bitrix24_item_id = ?")
			.param(itemId)
			.query(Long.class)
			.single();
	}

	@Test
	void itemCreatedInBitrix24StartsAVisitWhoseStageAndCalendarFollowIt() {
		int calendarBefore = this.sandbox.calendarEvents(2).size();
		Map<String, Object> created = this.sandbox.createItem(2,
				Map.of("title", "Визит: знакомство", "companyId", 1, "assignedById", 2, "stageId", stage("NEW"),
						"ufCrmVisitStart", "2026-12-20T11:00:00+03:00", "ufCrmVisitType", "negotiation"));
		long itemId = ((Number) created.get("id")).longValue();
		deliver("ONCRMDYNAMICITEMADD", itemId, 0);

		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();
		assertThat(visit.origin()).isEqualTo(VisitOrigin.BITRIX24);
		assertThat(visit.repId()).isEqualTo("rep1");
		assertThat(visit.visitType()).isEqualTo("negotiation");
		assertThat(visit.plannedStart()).isEqualTo(moscow("2026-12-20T11:00"));
		assertThat(visit.stage()).isEqualTo(VisitStage.DRAFT);

		drain();
		assertThat(item(itemId).get("stageId")).isEqualTo(stage("NEW"));
		assertThat(this.sandbox.calendarEvents(2)).hasSize(calendarBefore + 1);

		moveClockTo(moscow("2026-12-13T00:00"), visit);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		long updates = received("ONCRMDYNAMICITEMUPDATE", itemId);
		drain();
		assertThat(item(itemId).get("stageId")).isEqualTo(stage("PREPARATION"));

		// the echo of that write comes back as an update event and changes nothing
		deliver("ONCRMDYNAMICITEMUPDATE", itemId, updates);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(pendingSyncTasks(visit)).isZero();
	}

	@Test
	void visitPlannedInVisitflowGetsItsItemCalendarEventAndResultComment() {
		Visit visit = plan(REP1, "2026-12-03T10:00");
		drain();
		long itemId = itemIdOf(visit);
		assertThat(item(itemId).get("stageId")).isEqualTo(stage("PREPARATION"));
		assertThat(item(itemId).get("xmlId")).isEqualTo(visit.id().toString());
		assertThat(item(itemId).get("companyId").toString()).isEqualTo(String.valueOf(visit.companyId()));

		this.visits.complete(visit.id(), new VisitResult(VisitOutcome.ORDER_PLACED, "Заказ на 40 коробок", null), REP1);
		drain();
		assertThat(item(itemId).get("stageId")).isEqualTo(stage("SUCCESS"));
		assertThat(this.sandbox.timelineComments(itemId)).hasSize(1);
		assertThat(this.sandbox.timelineComments(itemId).get(0).toString()).contains("Оформлен заказ", "40 коробок");
		assertThat(instance(visit)).isNull();
	}

	@Test
	void aDuplicateOrReplayedEventStartsNothingNew() {
		this.sandbox.setEventDelivery(false);
		Map<String, Object> created = this.sandbox.createItem(2, Map.of("title", "Дубль", "companyId", 2,
				"assignedById", 2, "stageId", stage("NEW"), "ufCrmVisitStart", "2026-12-22T12:00:00+03:00"));
		long itemId = ((Number) created.get("id")).longValue();
		postEvent("ONCRMDYNAMICITEMADD", itemId, TOKEN);
		postEvent("ONCRMDYNAMICITEMADD", itemId, TOKEN);
		postEvent("ONCRMDYNAMICITEMUPDATE", itemId, TOKEN);
		this.inbox.processPending();
		postEvent("ONCRMDYNAMICITEMADD", itemId, TOKEN);
		this.inbox.processPending();
		assertThat(visitsOfItem(itemId)).isEqualTo(1);
	}

	@Test
	void aForgedTokenIsRefusedAndStartsNothing() {
		this.sandbox.setEventDelivery(false);
		Map<String, Object> created = this.sandbox.createItem(2, Map.of("title", "Подделка", "companyId", 3,
				"assignedById", 2, "stageId", stage("NEW"), "ufCrmVisitStart", "2026-12-22T12:00:00+03:00"));
		long itemId = ((Number) created.get("id")).longValue();
		try {
			postEvent("ONCRMDYNAMICITEMADD", itemId, "not-the-token");
			throw new AssertionError("a forged event was accepted");
		}
		catch (HttpClientErrorException.Unauthorized expected) {
			assertThat(expected.getResponseBodyAsString()).doesNotContain(TOKEN);
		}
		this.inbox.processPending();
		assertThat(visitsOfItem(itemId)).isZero();
	}

	@Test
	void cardsMovedByHandSteerTheVisitAndMovesVisitflowOwnsArePutBack() {
		Visit won = plan(REP1, "2026-12-01T15:00");
		Visit lost = plan(REP1, "2026-12-02T15:00");
		Visit early = plan(REP1, "2026-12-02T16:00");
		drain();
		this.inbox.processPending();
		this.sandbox.moveItem(itemIdOf(won), stage("SUCCESS"), 2);
		this.sandbox.moveItem(itemIdOf(lost), stage("UC_CANCELLED"), 2);
		this.sandbox.moveItem(itemIdOf(early), stage("NEW"), 2);
		// the echoes of Visitflow's own writes may still be on their way, so counting
		// events cannot tell the hand moves apart: handle the inbox until the moves show
		handleEventsUntil(
				() -> reload(won).stage() == VisitStage.COMPLETED && reload(lost).stage() == VisitStage.CANCELLED
						&& stage("PREPARATION").equals(item(itemIdOf(early)).get("stageId")),
				"the three hand moves");

		assertThat(reload(won).stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(reload(won).outcome()).isEqualTo(VisitOutcome.NO_DECISION);
		assertThat(reload(lost).stage()).isEqualTo(VisitStage.CANCELLED);
		assertThat(reload(lost).cancelReason()).contains("Отменён");
		// Draft is the timers' business: the card goes back to In work
		assertThat(reload(early).stage()).isEqualTo(VisitStage.IN_WORK);
		assertThat(item(itemIdOf(early)).get("stageId")).isEqualTo(stage("PREPARATION"));
	}

	@Test
	void aDateChangedOnTheCardReschedulesTheVisit() {
		Visit visit = plan(REP1, "2026-12-03T10:00");
		drain();
		this.sandbox.updateItem(itemIdOf(visit), 2, Map.of("ufCrmVisitStart", "2026-12-28T10:00:00+03:00"));
		handleEventsUntil(() -> moscow("2026-12-28T10:00").equals(reload(visit).plannedStart()),
				"the date changed on the card");
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);
	}

	@Test
	void aDeletedItemCancelsItsVisit() {
		Visit visit = plan(REP1, "2026-12-20T10:00");
		drain();
		this.sandbox.deleteItem(itemIdOf(visit), 2);
		deliver("ONCRMDYNAMICITEMDELETE", itemIdOf(visit), 0);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.CANCELLED);
		drain();
		assertThat(pendingSyncTasks(visit)).isZero();
	}

	@Test
	void anOutageDuringManyTransitionsEndsInIncidentsAndRecoveryLosesNothing() {
		List<Visit> planned = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			planned.add(plan((i % 2 == 0) ? REP1 : REP2, "2026-12-1" + (i % 9 + 1) + "T10:00"));
		}
		drain();
		this.sandbox.setFailureMode(FailureMode.OUTAGE);

		// the lifecycle goes on while Bitrix24 is down
		for (Visit visit : planned) {
			moveClockTo(moscow("2026-12-10T00:00"), visit);
		}
		this.visits.cancel(planned.get(0).id(), "Клиент закрылся", REP1);
		this.visits.reschedule(planned.get(1).id(), "2026-12-30T10:00", REP2);
		this.visits.complete(planned.get(2).id(), new VisitResult(VisitOutcome.NO_DECISION, null, null), REP1);

		// the syncs fail, retry after their pause, and end as incidents with Bitrix24's
		// answer
		Instant now = moscow("2026-12-10T00:00");
		for (int attempt = 0; attempt < 4; attempt++) {
			now = now.plusSeconds(60);
			org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(now));
			this.worker.syncOnce();
		}
		List<ExternalTask> incidents = this.externalTaskService.createExternalTaskQuery().noRetriesLeft().list();
		assertThat(incidents).isNotEmpty();
		assertThat(incidents.get(0).getErrorMessage()).contains("INTERNAL_SERVER_ERROR");
		assertThat(this.engine.getRuntimeService().createIncidentQuery().incidentType("failedExternalTask").count())
			.isEqualTo(incidents.size());

		// Bitrix24 is back; an operator retries the incidents in Cockpit
		this.sandbox.setFailureMode(FailureMode.NONE);
		this.externalTaskService.setRetries(incidents.stream().map(ExternalTask::getId).toList(), 1);
		drain();
		assertThat(this.externalTaskService.createExternalTaskQuery().noRetriesLeft().count()).isZero();
		for (Visit visit : planned) {
			Visit current = reload(visit);
			String expected = this.sandbox.stageId(switch (current.stage()) {
				case DRAFT -> "NEW";
				case IN_WORK -> "PREPARATION";
				case CANCELLED -> "UC_CANCELLED";
				case COMPLETED -> "SUCCESS";
				default -> throw new AssertionError(current.stage());
			});
			assertThat(item(itemIdOf(visit)).get("stageId")).as("item of a visit in %s", current.stage())
				.isEqualTo(expected);
			assertThat(pendingSyncTasks(visit)).isZero();
		}
	}

	@Test
	void reconciliationCatchesAnEventBitrix24NeverDelivered() {
		this.sandbox.setEventDelivery(false);
		Map<String, Object> created = this.sandbox.createItem(3, Map.of("title", "Потерянное событие", "companyId", 4,
				"assignedById", 3, "stageId", stage("NEW"), "ufCrmVisitStart", "2026-12-24T12:00:00+05:00"));
		long itemId = ((Number) created.get("id")).longValue();
		this.reconciliation.run();
		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();
		assertThat(visit.repId()).isEqualTo("rep2");
		assertThat(visit.timeZone()).isEqualTo(YEKATERINBURG);
	}

	@Test
	void theCompanyMirrorHoldsEveryCompanyWithItsAddress() {
		int companies = this.companySync.importAll();
		assertThat(companies).isGreaterThanOrEqualTo(200);
		var company = this.mirror.company(1).orElseThrow();
		assertThat(company.title()).isNotBlank();
		assertThat(company.city()).isNotBlank();
		assertThat(company.address()).isNotBlank();
		assertThat(company.phones()).isNotEmpty();

		long updates = received("ONCRMCOMPANYUPDATE", 1);
		this.sandbox.updateCompany(1, 2, Map.of("TITLE", "ООО «Ромашка и партнёры»"));
		deliver("ONCRMCOMPANYUPDATE", 1, updates);
		assertThat(this.mirror.company(1).orElseThrow().title()).isEqualTo("ООО «Ромашка и партнёры»");
	}

	@Autowired
	private CompanyCardEditor cards;

	@Test
	@SuppressWarnings("unchecked")
	void aCompanyCardEditChangesPhonesByIdWithoutDuplicates() {
		List<Map<String, Object>> before = (List<Map<String, Object>>) this.sandbox.company(5)
			.orElseThrow()
			.get("PHONE");
		assertThat(before).isNotEmpty();
		Map<String, Object> kept = before.get(0);

		var company = this.cards.update(5, new CompanyCardEditor.CardChange(null,
				List.of(kept.get("VALUE").toString(), "+7 495 000-00-00"), null));

		List<Map<String, Object>> after = (List<Map<String, Object>>) this.sandbox.company(5)
			.orElseThrow()
			.get("PHONE");
		assertThat(after).extracting((phone) -> phone.get("VALUE").toString())
			.containsExactlyInAnyOrder(kept.get("VALUE").toString(), "+7 495 000-00-00");
		assertThat(after).anySatisfy((phone) -> assertThat(phone.get("ID")).isEqualTo(kept.get("ID")));
		assertThat(company.phones()).containsExactlyInAnyOrder(kept.get("VALUE").toString(), "+7 495 000-00-00");

		// the same edit again changes nothing: no duplicate entries
		this.cards.update(5, new CompanyCardEditor.CardChange(null,
				List.of(kept.get("VALUE").toString(), "+7 495 000-00-00"), null));
		assertThat((List<?>) this.sandbox.company(5).orElseThrow().get("PHONE")).hasSize(2);
	}

	@Autowired
	private Bitrix24 bitrix24;

	@Test
	void aDeleteEventForAnItemThatStillExistsCancelsNothing() {
		Visit visit = plan(REP1, "2026-12-20T10:00");
		drain();
		postEvent("ONCRMDYNAMICITEMDELETE", itemIdOf(visit), TOKEN);
		this.inbox.processPending();
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);
	}

	@Test
	void aCalendarEventDeletedByAPersonIsCreatedAgainOnTheNextChange() {
		Visit visit = plan(REP2, "2026-12-20T10:00");
		drain();
		int before = this.sandbox.calendarEvents(3).size();
		Object eventId = this.sandbox.calendarEvents(3)
			.stream()
			.filter((event) -> event.toString().contains("2026"))
			.reduce((first, second) -> second)
			.map((event) -> event.get("ID"))
			.orElseThrow();
		this.bitrix24.call("calendar.event.delete", Map.of("id", eventId));
		assertThat(this.sandbox.calendarEvents(3)).hasSize(before - 1);

		this.visits.reschedule(visit.id(), "2026-12-22T12:00", REP2);
		drain();
		org.camunda.bpm.engine.impl.util.ClockUtil
			.setCurrentTime(java.util.Date.from(START.plus(java.time.Duration.ofHours(2))));
		drain();
		assertThat(this.sandbox.calendarEvents(3)).hasSize(before);
		assertThat(pendingSyncTasks(visit)).isZero();
	}

	@Test
	void aContactEditChangesEmailsByIdAndTheMirrorFollows() {
		com.fasterxml.jackson.databind.JsonNode contact = this.bitrix24
			.call("crm.contact.list", Map.of("select", List.of("ID", "NAME", "EMAIL"), "filter", Map.of()))
			.result()
			.get(0);
		long id = contact.path("ID").asLong();
		var updated = this.cards.updateContact(id,
				new CompanyCardEditor.ContactChange(null, null, "Директор", null, List.of("director@example.ru")));
		assertThat(updated.post()).isEqualTo("Директор");
		assertThat(updated.emails()).containsExactly("director@example.ru");
		com.fasterxml.jackson.databind.JsonNode after = this.bitrix24.call("crm.contact.get", Map.of("id", id))
			.result();
		assertThat(after.path("EMAIL")).hasSize(1);
		assertThat(after.path("EMAIL").get(0).path("VALUE").asText()).isEqualTo("director@example.ru");
	}

	@Autowired
	private ru.visitflow.visit.VisitAttachments attachments;

	@Test
	void theResultReachesTheTimelineWithItsFiles() {
		Visit visit = plan(REP1, "2026-12-01T12:00");
		drain();
		this.attachments.add(visit.id(), "полка.jpg", "image/jpeg", new byte[] { 1, 2, 3, 4 }, REP1);
		this.attachments.add(visit.id(), "голос.ogg", "audio/ogg", new byte[] { 5, 6 }, REP1);
		this.visits.complete(visit.id(),
				new VisitResult(VisitOutcome.AGREEMENT_REACHED, "Договорились о выкладке", null), REP1);
		drain();
		long itemId = itemIdOf(visit);
		assertThat(item(itemId).get("stageId")).isEqualTo(stage("SUCCESS"));
		assertThat(this.sandbox.timelineComments(itemId)).hasSize(1);
		assertThat(this.sandbox.timelineComments(itemId).get(0).toString()).contains("Договорились о выкладке",
				"полка.jpg", "голос.ogg");
		assertThat(instance(visit)).isNull();
	}

}
