package ru.visitflow.bitrix24.inbound;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.client.Bitrix24Exception;
import ru.visitflow.bitrix24.company.CompanySync;

/** Handles stored Bitrix24 events in arrival order; a failure is retried on the next rounds. */
@Component
public class InboxProcessor {

	private static final Logger logger = LoggerFactory.getLogger(InboxProcessor.class);

	private final Bitrix24Inbox inbox;

	private final InboundVisits visits;

	private final CompanySync companies;

	private final ObjectMapper json;

	InboxProcessor(Bitrix24Inbox inbox, InboundVisits visits, CompanySync companies, ObjectMapper json) {
		this.inbox = inbox;
		this.visits = visits;
		this.companies = companies;
		this.json = json;
	}

	/** Handles what waits; returns how many events were handled successfully. */
	public int processPending() {
		int handled = 0;
		for (Bitrix24Inbox.Entry entry : this.inbox.pending(50)) {
			if (!this.inbox.claim(entry.id())) {
				continue;
			}
			try {
				handle(entry);
				this.inbox.processed(entry.id());
				handled++;
			}
			catch (IgnoredEvent ex) {
				logger.warn("Bitrix24 event {} {} ignored: {}", entry.event(), entry.entityId(), ex.getMessage());
				this.inbox.ignored(entry.id(), ex.getMessage());
			}
			catch (Bitrix24Exception ex) {
				if (ex.isRefusal()) {
					// Bitrix24 says no (the item is gone, an invalid request): asking again changes nothing
					logger.warn("Bitrix24 event {} {} ignored, Bitrix24 refused: {}", entry.event(), entry.entityId(),
							ex.getMessage());
					this.inbox.ignored(entry.id(), ex.getMessage());
				}
				else {
					failed(entry, ex);
				}
			}
			catch (RuntimeException ex) {
				failed(entry, ex);
			}
		}
		return handled;
	}

	/** A technical failure: tried again after the inbox's backoff, set aside after the last attempt. */
	private void failed(Bitrix24Inbox.Entry entry, RuntimeException ex) {
		this.inbox.failed(entry.id(), entry.attempts(), ex.getMessage());
		if (entry.attempts() + 1 >= Bitrix24Inbox.MAX_ATTEMPTS) {
			logger.error("Bitrix24 event {} {} set aside after {} attempts: {}", entry.event(), entry.entityId(),
					Bitrix24Inbox.MAX_ATTEMPTS, ex.getMessage());
		}
		else {
			logger.warn("Bitrix24 event {} {} failed, will retry: {}", entry.event(), entry.entityId(), ex.getMessage());
		}
	}

	public long pendingCount() {
		return this.inbox.pendingCount();
	}

	private void handle(Bitrix24Inbox.Entry entry) {
		switch (entry.event()) {
			case "ONCRMDYNAMICITEMADD", "ONCRMDYNAMICITEMUPDATE" -> this.visits.itemChanged(entry.entityId());
			case "ONCRMDYNAMICITEMDELETE" -> this.visits.itemDeleted(entry.entityId());
			case "ONCRMCOMPANYADD", "ONCRMCOMPANYUPDATE" -> this.companies.refresh(entry.entityId());
			case Bitrix24EventController.BP_CREATE_VISIT -> {
				Map<String, String> request = read(entry.payload());
				this.visits.createForCompany(request.get("document"), entry.entityId(), request);
			}
			default -> logger.info("Ignoring Bitrix24 event {}", entry.event());
		}
	}

	private Map<String, String> read(String payload) {
		try {
			return this.json.readValue(payload, new TypeReference<Map<String, String>>() {
			});
		}
		catch (IOException ex) {
			throw new IgnoredEvent("unreadable business-process request: " + ex.getMessage());
		}
	}

}
