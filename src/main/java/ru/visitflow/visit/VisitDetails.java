package ru.visitflow.visit;

import java.util.List;

/** A visit with its stage history, oldest first. */
public record VisitDetails(Visit visit, List<StageChange> history) {
}
