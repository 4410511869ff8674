package ru.visitflow.bitrix24.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import ru.visitflow.bitrix24.FakeBitrix24;
import ru.visitflow.bitrix24.client.Bitrix24TransportException;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAttachments;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * What the sync plans for a visit, on a scripted Bitrix24: the first sync creates the
 * item and the rep's calendar event; a second one with nothing new sends nothing;
 * Bitrix24's refusal of a change is an incident at once, a calendar error without a code
 * is retried.
 */
class VisitSyncTests extends LifecycleTestSupport {

	@Autowired
	private SyncStateRepository states;

	@Autowired
	private UserDirectory users;

	@Autowired
	private LifecycleProperties lifecycle;

	@Autowired
	private Bitrix24Properties properties;

	@Autowired
	private MessageSource messages;

	@Autowired
	private VisitAttachments attachments;

	@Autowired
	private CompanyMirror companies;

	/** Items a person's change was found on, as the sync handed them on. */
	private final List<Long> handChanges = new ArrayList<>();

	private FakeBitrix24 bitrix24;

	private VisitSync sync;

	@BeforeEach
	void fakePortal() {
		this.bitrix24 = new FakeBitrix24();
		this.sync = new VisitSync(this.bitrix24, new StageMap(this.bitrix24, this.properties), this.states, this.visits,
				this.users, this.lifecycle, this.properties, this.messages, this.attachments, this.companies,
				(visitId, itemId, item) -> this.handChanges.add(itemId));
	}

	@Test
	void aNewVisitGetsItsItemAndCalendarEventAndThenNothingMore() {
		Visit visit = plan(REP1, "2026-12-20T11:00");

		VisitSync.Outcome outcome = this.sync.sync(List.of(visit.id())).get(visit.id());

		assertThat(outcome.ok()).isTrue();
		assertThat(this.bitrix24.calls("crm.item.list")).as("no add went out before: nothing to look for").isEmpty();
		Map<?, ?> fields = (Map<?, ?>) this.bitrix24.calls("crm.item.add").get(0).params().get("fields");
		assertThat(fields.get("stageId")).isEqualTo("DT1036_11:NEW");
		assertThat(fields.get("xmlId")).isEqualTo(visit.id().toString());
		assertThat(fields.get("ufCrmVisitStart")).isEqualTo("2026-12-20T11:00:00+03:00");
		assertThat(fields.get("title")).isEqualTo("ООО «Тест» — Встреча");
		Map<String, ?> event = this.bitrix24.calls("calendar.event.add").get(0).params();
		assertThat(event.get("ownerId")).isEqualTo(2L);
		assertThat(event.get("name")).isEqualTo("Визит: ООО «Тест» — Встреча");
		// a naive time with the rep's zone: an offset would make Bitrix24 ignore the zone
		// (the caller's would be used)
		assertThat(event.get("from")).isEqualTo("2026-12-20T11:00:00");
		assertThat(event.get("timezone_from")).isEqualTo("Europe/Moscow");
		assertThat(reload(visit).bitrix24ItemId()).isNotNull();

		this.bitrix24.clearCalls();
		assertThat(this.sync.sync(List.of(visit.id())).get(visit.id()).ok()).isTrue();
		assertThat(this.bitrix24.calls()).as("nothing new, nothing sent").isEmpty();
	}

	@Test
	void anAddWhoseAnswerWasLostIsFoundByXmlIdAndNeverSentTwice() {
		Visit lost = plan(REP1, "2026-12-21T11:00");
		Visit fresh = plan(REP2, "2026-12-21T12:00");
		this.bitrix24.answer("crm.item.add", (params) -> {
			throw new Bitrix24TransportException(0, "connection reset", "batch", null);
		});
		assertThat(this.sync.sync(List.of(lost.id())).get(lost.id()).ok()).isFalse();
		this.bitrix24.clearCalls();
		long lostItem = 1_400_000_000L + (System.nanoTime() % 100_000_000L);
		this.bitrix24.answer("crm.item.list",
				(params) -> Map.of("items", List.of(Map.of("id", lostItem, "xmlId", lost.id().toString()))));
		this.bitrix24.answer("crm.item.add", (params) -> Map.of("item", Map.of("id", lostItem + 1)));

		Map<UUID, VisitSync.Outcome> outcomes = this.sync.sync(List.of(lost.id(), fresh.id()));

		assertThat(outcomes.values()).allMatch(VisitSync.Outcome::ok);
		assertThat(this.bitrix24.calls("crm.item.list")
			.stream()
			.map((call) -> (Object) call.params().get("filter"))
			.filter((filter) -> ((Map<?, ?>) filter).containsKey("@xmlId")))
			.as("one look-up, for the visit sent before")
			.containsExactly((Object) Map.of("@xmlId", List.of(lost.id().toString())));
		assertThat(this.bitrix24.calls("crm.item.add")).as("only the visit never sent")
			.singleElement()
			.satisfies((call) -> assertThat(((Map<?, ?>) call.params().get("fields")).get("xmlId"))
				.isEqualTo(fresh.id().toString()));
		assertThat(reload(lost).bitrix24ItemId()).isEqualTo(lostItem);
		assertThat(reload(fresh).bitrix24ItemId()).isEqualTo(lostItem + 1);
	}

	@Test
	void aRefusedChangeIsAnIncidentAtOnceAndACalendarErrorIsRetried() {
		Visit refused = plan(REP1, "2026-12-22T11:00");
		this.bitrix24.fail("crm.item.add", "CRM_FIELD_ERROR_VALUE_NOT_VALID", "the value is not valid");

		VisitSync.Outcome outcome = this.sync.sync(List.of(refused.id())).get(refused.id());

		assertThat(outcome.ok()).isFalse();
		assertThat(outcome.permanent()).isTrue();
		assertThat(outcome.itemError()).contains("CRM_FIELD_ERROR_VALUE_NOT_VALID");

		Visit calendar = plan(REP1, "2026-12-23T11:00");
		this.bitrix24.answer("crm.item.add",
				(params) -> Map.of("item", Map.of("id", 9_000_000_000L + System.nanoTime() % 1_000_000)));
		this.bitrix24.fail("calendar.event.add", "", "Access denied.");

		VisitSync.Outcome retried = this.sync.sync(List.of(calendar.id())).get(calendar.id());

		assertThat(retried.itemError()).isNull();
		assertThat(retried.calendarError()).contains("Access denied.");
		assertThat(retried.permanent()).isFalse();
	}

}
