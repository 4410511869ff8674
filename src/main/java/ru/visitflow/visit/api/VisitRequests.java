package ru.visitflow.visit.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;

/** Request bodies of the visit API. Times are ISO-8601; without an offset they are in the rep's time zone. */
final class VisitRequests {

	private VisitRequests() {
	}

	record CreateVisit(Long companyId, @Size(max = 255) String companyTitle, Long contactId, String repId,
			String visitType, String plannedStart, Integer durationMinutes, @Size(max = 2000) String purpose,
			@Size(max = 100) String region, VisitOrigin origin) {
	}

	record UnplannedVisit(Long companyId, @Size(max = 255) String companyTitle, Long contactId, String repId,
			String visitType, Integer durationMinutes, @Size(max = 2000) String purpose, @Size(max = 100) String region,
			@Valid Result result) {
	}

	record Reschedule(String plannedStart) {
	}

	record Cancel(@Size(max = 2000) String reason) {
	}

	record Result(VisitOutcome outcome, @Size(max = 8000) String notes, String nextVisitStart) {
	}

}
