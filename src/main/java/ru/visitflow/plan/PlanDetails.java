package ru.visitflow.plan;

import java.util.List;

/** A plan with its requests and progress. */
public record PlanDetails(Plan plan, List<PlanRequest> requests, PlanProgress progress) {
}
