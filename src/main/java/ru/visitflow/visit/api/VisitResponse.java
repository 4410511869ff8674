package ru.visitflow.visit.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import ru.visitflow.visit.StageChange;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitStage;

/**
 * A visit as the API shows it; times carry the rep's offset. {@code history} only on a
 * single visit.
 */
record VisitResponse(UUID id, VisitStage stage, Instant stageChangedAt, long companyId, String companyTitle,
		Long contactId, String repId, String visitType, OffsetDateTime plannedStart, int durationMinutes,
		String timeZone, String purpose, String region, VisitOrigin origin, String reviewComment, VisitOutcome outcome,
		String resultNotes, String cancelReason, UUID previousVisitId, Long bitrix24ItemId, String processInstanceId,
		long version, Instant createdAt, String createdBy, Instant closedAt, List<StageChange> history) {

	static VisitResponse of(Visit visit, List<StageChange> history) {
		return new VisitResponse(visit.id(), visit.stage(), visit.stageChangedAt(), visit.companyId(),
				visit.companyTitle(), visit.contactId(), visit.repId(), visit.visitType(),
				visit.plannedStart().atZone(visit.timeZone()).toOffsetDateTime(), visit.durationMinutes(),
				visit.timeZone().getId(), visit.purpose(), visit.region(), visit.origin(), visit.reviewComment(),
				visit.outcome(), visit.resultNotes(), visit.cancelReason(), visit.previousVisitId(),
				visit.bitrix24ItemId(), visit.processInstanceId(), visit.version(), visit.createdAt(),
				visit.createdBy(), visit.closedAt(), history);
	}

	static VisitResponse of(Visit visit) {
		return of(visit, null);
	}

}
