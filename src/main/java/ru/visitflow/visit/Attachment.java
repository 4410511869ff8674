package ru.visitflow.visit;

import java.time.Instant;
import java.util.UUID;

/**
 * A file recorded with a visit's result (photo, video, voice message, document); the
 * content is loaded apart.
 */
public record Attachment(UUID id, UUID visitId, String fileName, String contentType, long sizeBytes, Instant createdAt,
		String createdBy) {
}
