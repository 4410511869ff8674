package ru.visitflow.bitrix24.inbound;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.outbound.HandChanges;
import ru.visitflow.bitrix24.portal.Bitrix24Properties;

/**
 * A person's change the sync found goes into the inbox, where it is handled first and
 * without a read.
 */
@Component
class InboxHandChanges implements HandChanges {

	private static final int MAX_PAYLOAD = 2000;

	private final Bitrix24Inbox inbox;

	private final ObjectMapper json;

	private final Bitrix24Properties properties;

	InboxHandChanges(Bitrix24Inbox inbox, ObjectMapper json, Bitrix24Properties properties) {
		this.inbox = inbox;
		this.json = json;
		this.properties = properties;
	}

	@Override
	public void found(UUID visitId, long itemId, JsonNode item) {
		try {
			String payload = this.json.writeValueAsString(item);
			if (payload.length() > MAX_PAYLOAD && item.isObject()) {
				// the stored event keeps what the change is about; a long title is not
				payload = this.json.writeValueAsString(((ObjectNode) item.deepCopy()).without("title"));
			}
			this.inbox.add(InboxProcessor.HAND_CHANGE, this.properties.entityTypeId(), itemId, payload);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
