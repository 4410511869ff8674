package ru.visitflow.bitrix24.outbound;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the sync hands a person's change it found on an item right before (or instead of)
 * writing it: the inbound side applies it to the visit as if its event had come, ahead of
 * everything else, so a move is never lost to Visitflow's own write.
 */
public interface HandChanges {

	/** The item as it was, showing a change Visitflow did not make. */
	void found(UUID visitId, long itemId, JsonNode item);

}
