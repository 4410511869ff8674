package ru.visitflow.visit.api;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;

/**
 * Request bodies of the visit API. Times are ISO-8601; without an offset they are in the
 * rep's time zone.
 */
final class VisitRequests {

	/** How a visit time may be written; shown on every such field of the API document. */
	static final String TIME_FORMS = "One of three forms: an ISO date-time with an offset, absolute "
			+ "(2026-12-08T10:00+03:00 or 2026-12-08T07:00Z); a local date-time, read in the rep's time zone "
			+ "(2026-12-08T10:00); or a bare date, which takes the default visit time (2026-12-08). Within ten "
			+ "years of today.";

	private VisitRequests() {
	}

	@Schema(description = "A visit to plan",
			example = """
					{"companyId": 101, "visitType": "meeting", "plannedStart": "2026-12-08T10:00",
					 "durationMinutes": 60, "purpose": "Present the winter assortment", "region": "Moscow", "origin": "MANUAL"}""")
	record CreateVisit(
			@Schema(requiredMode = REQUIRED, description = "Bitrix24 company id", example = "101") Long companyId,
			@Schema(description = "The company's title; taken from the mirror when left out",
					example = "Romashka LLC") @Size(max = 255) String companyTitle,
			@Schema(description = "Bitrix24 contact id", example = "2001") Long contactId,
			@Schema(description = "The rep; the caller when left out", example = "rep1") String repId,
			@Schema(requiredMode = REQUIRED, description = "A visit type code (GET /api/visit-types)",
					example = "meeting") String visitType,
			@Schema(requiredMode = REQUIRED, description = "When the visit starts. " + TIME_FORMS,
					example = "2026-12-08T10:00") String plannedStart,
			@Schema(description = "5 to 1440; the visit type's default when left out",
					example = "60") Integer durationMinutes,
			@Schema(example = "Present the winter assortment") @Size(max = 2000) String purpose,
			@Schema(example = "Moscow") @Size(max = 100) String region,
			@Schema(description = "Where the visit came from; MANUAL when left out",
					example = "MANUAL") VisitOrigin origin) {
	}

	@Schema(description = "A visit happening now; with a result it is completed at once", example = """
			{"companyId": 101, "visitType": "meeting", "durationMinutes": 30, "purpose": "Passing by",
			 "result": {"outcome": "INFORMATION_PROVIDED", "notes": "Left the catalogue"}}""")
	record UnplannedVisit(
			@Schema(requiredMode = REQUIRED, description = "Bitrix24 company id", example = "101") Long companyId,
			@Schema(example = "Romashka LLC") @Size(max = 255) String companyTitle,
			@Schema(example = "2001") Long contactId,
			@Schema(description = "The rep; the caller when left out", example = "rep1") String repId,
			@Schema(requiredMode = REQUIRED, example = "meeting") String visitType,
			@Schema(example = "30") Integer durationMinutes,
			@Schema(example = "Passing by") @Size(max = 2000) String purpose,
			@Schema(example = "Moscow") @Size(max = 100) String region,
			@Schema(description = "The result, when the visit is already over") @Valid Result result) {
	}

	@Schema(description = "The new date of a visit", example = """
			{"plannedStart": "2026-12-10T14:30+03:00"}""")
	record Reschedule(@Schema(requiredMode = REQUIRED, description = "The new start. " + TIME_FORMS,
			example = "2026-12-10T14:30+03:00") String plannedStart) {
	}

	@Schema(description = "Why the visit is cancelled", example = """
			{"reason": "The client closed the shop for stocktaking"}""")
	record Cancel(@Schema(requiredMode = REQUIRED,
			example = "The client closed the shop for stocktaking") @Size(max = 2000) String reason) {
	}

	@Schema(description = "The result of a visit", example = """
			{"outcome": "ORDER_PLACED", "notes": "Order for 120 units", "nextVisitStart": "2027-01-12T11:00",
			 "nextVisitType": "presentation", "nextVisitPurpose": "Present the spring range"}""")
	record Result(@Schema(requiredMode = REQUIRED, example = "ORDER_PLACED") VisitOutcome outcome,
			@Schema(example = "Order for 120 units") @Size(max = 8000) String notes,
			@Schema(description = "Schedules a repeat visit. " + TIME_FORMS,
					example = "2027-01-12") String nextVisitStart,
			@Schema(description = "The next visit's type (GET /api/visit-types); the visit's own when left out",
					example = "presentation") String nextVisitType,
			@Schema(description = "The next visit's purpose; the visit's own when left out",
					example = "Present the spring range") @Size(max = 2000) String nextVisitPurpose) {
	}

}
