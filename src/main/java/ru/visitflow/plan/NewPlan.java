package ru.visitflow.plan;

import java.util.Map;

/**
 * A plan as a supervisor asks for it. The period is a month {@code yyyy-MM} by default
 * ({@code month}), or {@code periodStart}..{@code periodEnd} (ISO dates, inclusive); no
 * period means the current month.
 */
public record NewPlan(PlanScope scope, String repId, String region, String month, String periodStart, String periodEnd,
		Integer target, Map<String, Integer> mix, PlanFormer formedBy) {
}
