package ru.visitflow.field;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.identity.Actor;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitService;

/**
 * The field app's commands beyond check-in: the result (with the check-in's grade and
 * distance added to the notes, so the Bitrix24 timeline comment shows them) and the
 * unplanned visit, created in work and checked in at once.
 */
@Service
public class FieldVisits {

	/**
	 * Bitrix24 portals of Visitflow speak Russian: the line that goes with the result is
	 * written in it.
	 */
	private static final Locale PORTAL = Locale.forLanguageTag("ru");

	private final VisitService visits;

	private final CheckIns checkIns;

	private final CompanyMirror companies;

	private final MessageSource messages;

	FieldVisits(VisitService visits, CheckIns checkIns, CompanyMirror companies, MessageSource messages) {
		this.visits = visits;
		this.checkIns = checkIns;
		this.companies = companies;
		this.messages = messages;
	}

	public record Unplanned(Visit visit, FieldCheck checkIn) {
	}

	public Visit complete(UUID visitId, String outcome, String notes, String nextVisitStart, Actor actor) {
		return complete(visitId, outcome, notes, nextVisitStart, null, null, actor);
	}

	/**
	 * The result with the next visit agreed at the client: its start, type and purpose
	 * (type and purpose default to this visit's).
	 */
	public Visit complete(UUID visitId, String outcome, String notes, String nextVisitStart, String nextVisitType,
			String nextVisitPurpose, Actor actor) {
		Visit visit = this.visits.get(visitId, actor).visit();
		if (!actor.userId().equals(visit.repId())) {
			throw new ForbiddenException("Only the visit's rep records its result in the field app");
		}
		VisitResult result = this.visits.readResult(outcome, notes, nextVisitStart, nextVisitType, nextVisitPurpose,
				visit.timeZone());
		String line = this.checkIns.ofVisible(visitId)
			.stream()
			.filter((c) -> c.kind() == CheckKind.CHECK_IN)
			.findFirst()
			.map((c) -> describe(c, PORTAL))
			.orElse(this.messages.getMessage("field.check.none", null, PORTAL));
		String withCheck = (result.notes() != null) ? result.notes() + "\n" + line : line;
		return this.visits.complete(visitId, new VisitResult(result.outcome(), withCheck, result.nextVisitStart(),
				result.nextVisitType(), result.nextVisitPurpose()), actor);
	}

	public Unplanned unplanned(Long companyId, String visitType, String purpose, Position position, Actor actor) {
		if (companyId == null) {
			throw new InvalidInputException("companyId", "required", "must be given");
		}
		if (!actor.isRep()) {
			throw new ForbiddenException("Unplanned visits are registered by reps");
		}
		this.checkIns.validate(position);
		String title = this.companies.company(companyId).map(Company::title).orElse(null);
		Visit visit = this.visits.registerUnplanned(new NewVisit(companyId, title, null, actor.userId(), visitType,
				null, null, purpose, null, VisitOrigin.UNPLANNED), null, actor);
		FieldCheck check = this.checkIns.check(visit.id(), CheckKind.CHECK_IN, position, actor);
		return new Unplanned(this.visits.load(visit.id()), check);
	}

	/**
	 * The check as a line of text (grade, distance, accuracy, flags) from the field
	 * bundle, in the given language.
	 */
	public String describe(FieldCheck check, Locale locale) {
		String grade = this.messages.getMessage("field.grade." + check.grade().name(), null, locale);
		String text = (check.distanceMeters() != null)
				? this.messages.getMessage("field.check.line",
						new Object[] { grade, Math.round(check.distanceMeters()),
								Math.round((check.accuracyMeters() != null) ? check.accuracyMeters() : 0) },
						locale)
				: this.messages.getMessage("field.check.lineNoDistance", new Object[] { grade }, locale);
		if (!check.flags().isEmpty()) {
			List<String> flags = check.flags()
				.stream()
				.map((f) -> this.messages.getMessage("field.flag." + f.name(), null, locale))
				.toList();
			text += this.messages.getMessage("field.check.flags", new Object[] { String.join(", ", flags) }, locale);
		}
		return text;
	}

}
