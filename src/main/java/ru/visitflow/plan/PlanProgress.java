package ru.visitflow.plan;

import java.util.Map;

/**
 * How a plan stands: its visits in the period by stage, against the target and the pace.
 *
 * @param planned visits in scope and period that were not cancelled
 * @param completed visits completed
 * @param open visits still open (draft, in work, repeat, overdue)
 * @param overdue visits in Overdue now
 * @param failed visits failed
 * @param expectedByNow the target times the share of the period that has passed
 * @param completedByType completed visits per visit type, for the mix
 */
public record PlanProgress(int target, int planned, int completed, int open, int overdue, int failed, int expectedByNow,
		double elapsedShare, Map<String, Integer> completedByType) {

	public boolean behind(double tolerance) {
		return this.completed < Math.floor(this.expectedByNow * (1 - tolerance));
	}

}
