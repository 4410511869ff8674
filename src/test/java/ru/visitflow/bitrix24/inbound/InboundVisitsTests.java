package ru.visitflow.bitrix24.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import ru.visitflow.bitrix24.FakeBitrix24;
import ru.visitflow.bitrix24.outbound.VisitSync;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;
import ru.visitflow.bitrix24.portal.StageMap;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Visits from Bitrix24 items, on a scripted Bitrix24: a person's new item starts a visit;
 * an item Visitflow cannot act on is ignored with its reason (never retried); a deleted
 * item cancels its visit only when Bitrix24 confirms it is gone; a card a person moves to
 * the success stage completes the visit.
 */
class InboundVisitsTests extends LifecycleTestSupport {

	private static final AtomicLong ITEMS = new AtomicLong(5_000_000L + (System.nanoTime() & 0xFFFFFL) * 100);

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

	private FakeBitrix24 bitrix24;

	private InboundVisits inbound;

	@BeforeEach
	void fakePortal() {
		this.bitrix24 = new FakeBitrix24();
		this.inbound = new InboundVisits(this.bitrix24, new StageMap(this.bitrix24, this.properties), this.visits,
				this.sync, this.users, this.companies, this.lifecycle, this.properties, this.messages);
	}

	/**
	 * An item as crm.item.get shows it, changed last by Bitrix24 user 2 (rep1), not by
	 * the webhook's user 1.
	 */
	private Map<String, Object> item(long id, Object companyId, String start, String stage) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", id);
		item.put("title", "Визит из карточки");
		item.put("categoryId", 11);
		item.put("stageId", stage);
		item.put("companyId", companyId);
		item.put("assignedById", 2);
		item.put("updatedBy", 2);
		item.put("ufCrmVisitStart", start);
		item.put("ufCrmVisitType", "training");
		return item;
	}

	private void portalHas(Map<String, Object> item) {
		this.bitrix24.answer("crm.item.get", (params) -> Map.of("item", item));
	}

	@Test
	void aPersonsNewItemStartsAVisitOnce() {
		long itemId = ITEMS.incrementAndGet();
		portalHas(item(itemId, 777, "2026-12-20T11:00:00+03:00", "DT1036_11:NEW"));

		this.inbound.itemChanged(itemId);
		this.inbound.itemChanged(itemId);

		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();
		assertThat(visit.origin()).isEqualTo(VisitOrigin.BITRIX24);
		assertThat(visit.repId()).isEqualTo("rep1");
		assertThat(visit.visitType()).isEqualTo("training");
		assertThat(visit.companyId()).isEqualTo(777);
		assertThat(visit.stage()).isEqualTo(VisitStage.DRAFT);
	}

	@Test
	void itemsVisitflowCannotActOnAreIgnoredWithTheirReason() {
		long noCompany = ITEMS.incrementAndGet();
		portalHas(item(noCompany, 0, "2026-12-20T11:00:00+03:00", "DT1036_11:NEW"));
		assertThatThrownBy(() -> this.inbound.itemChanged(noCompany)).isInstanceOf(IgnoredEvent.class)
			.hasMessageContaining("has no company");

		long noDate = ITEMS.incrementAndGet();
		Map<String, Object> undated = item(noDate, 777, null, "DT1036_11:NEW");
		portalHas(undated);
		assertThatThrownBy(() -> this.inbound.itemChanged(noDate)).isInstanceOf(IgnoredEvent.class)
			.hasMessageContaining("has no planned date");

		long strangeRep = ITEMS.incrementAndGet();
		Map<String, Object> unknownRep = item(strangeRep, 777, "2026-12-20T11:00:00+03:00", "DT1036_11:NEW");
		unknownRep.put("assignedById", 999);
		portalHas(unknownRep);
		assertThatThrownBy(() -> this.inbound.itemChanged(strangeRep)).isInstanceOf(IgnoredEvent.class)
			.hasMessageContaining("999");

		this.bitrix24.answer("crm.deal.get", (params) -> Map.of("ID", "5", "COMPANY_ID", "0"));
		assertThatThrownBy(() -> this.inbound.createForCompany("DEAL", 5, Map.of("date", "2026-12-20")))
			.isInstanceOf(IgnoredEvent.class)
			.hasMessageContaining("no company");
	}

	@Test
	void aDeletedItemCancelsItsVisitOnlyWhenBitrix24ConfirmsItIsGone() {
		long itemId = ITEMS.incrementAndGet();
		portalHas(item(itemId, 778, "2026-12-21T11:00:00+03:00", "DT1036_11:NEW"));
		this.inbound.itemChanged(itemId);
		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();

		assertThatThrownBy(() -> this.inbound.itemDeleted(itemId)).isInstanceOf(IgnoredEvent.class)
			.hasMessageContaining("still exists");
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.DRAFT);

		this.bitrix24.fail("crm.item.get", "NOT_FOUND", "Element not found");
		this.inbound.itemDeleted(itemId);
		assertThat(reload(visit).stage()).isEqualTo(VisitStage.CANCELLED);
		assertThat(stageHistory(visit)).isNotEmpty();
	}

	@Test
	void aCardMovedToSuccessByAPersonCompletesTheVisit() {
		long itemId = ITEMS.incrementAndGet();
		Map<String, Object> item = item(itemId, 779, "2026-12-03T11:00:00+03:00", "DT1036_11:PREPARATION");
		portalHas(item);
		this.inbound.itemChanged(itemId);
		Visit visit = this.visits.findByBitrix24Item(itemId).orElseThrow();
		assertThat(visit.stage()).isEqualTo(VisitStage.IN_WORK);

		item.put("stageId", "DT1036_11:SUCCESS");
		this.inbound.itemChanged(itemId);

		Visit done = reload(visit);
		assertThat(done.stage()).isEqualTo(VisitStage.COMPLETED);
		assertThat(done.outcome()).isEqualTo(VisitOutcome.NO_DECISION);
		assertThat(done.resultNotes()).contains("Битрикс24 2");
	}

}
