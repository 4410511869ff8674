package ru.visitflow.design;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What moving running visits to the latest version did.
 *
 * @param moved visits now on the target version, with their recalculated timers (activity
 * id to due date)
 * @param notMoved visits left on their version, with the reason
 */
public record MigrationReport(String processKey, String targetDefinitionId, int targetVersion, List<MovedVisit> moved,
		List<UnmovedVisit> notMoved) {

	public record MovedVisit(String processInstanceId, String visitId, int fromVersion, Map<String, Instant> timers) {
	}

	public record UnmovedVisit(String processInstanceId, String visitId, int fromVersion, String reason) {
	}

}
