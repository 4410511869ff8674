package ru.visitflow.visit;

import java.time.Instant;

/** One step of a visit's stage history; {@code fromStage} is null for the first. */
public record StageChange(VisitStage fromStage, VisitStage toStage, Instant changedAt, String changedBy, String note) {
}
