package ru.visitflow.identity;

import java.time.ZoneId;

/**
 * What Visitflow knows of a user beyond Camunda's identity service: their Bitrix24 user
 * id, the time zone their "today" and "overdue" are counted in, and the supervisor whose
 * team they are in.
 */
public record UserProfile(String userId, Long bitrix24UserId, ZoneId timeZone, String supervisorId, String region) {
}
