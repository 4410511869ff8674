package ru.visitflow.field;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.company.LocationProposals;
import ru.visitflow.identity.Actor;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/**
 * Check-in and check-out of a visit by its rep. Each is taken once, judged by
 * {@link CheckVerifier} (a check off site is taken and flagged, never refused: indoor
 * fixes are tens of metres off), and the first good check-in at a company without
 * coordinates is offered as its location through {@link LocationProposals} (when the map
 * capability provides one), after the check is committed.
 */
@Service
public class CheckIns {

	private static final Logger logger = LoggerFactory.getLogger(CheckIns.class);

	private static final Set<String> ERRORS = Set.of("DENIED", "UNAVAILABLE", "TIMEOUT", "UNSUPPORTED");

	private final FieldCheckRepository checks;

	private final VisitService visits;

	private final CompanyMirror companies;

	private final ObjectProvider<LocationProposals> proposals;

	private final FieldProperties properties;

	private final CheckVerifier verifier;

	private final TransactionTemplate transactions;

	private final Clock clock;

	CheckIns(FieldCheckRepository checks, VisitService visits, CompanyMirror companies,
			ObjectProvider<LocationProposals> proposals, FieldProperties properties, TransactionTemplate transactions,
			Clock clock) {
		this.checks = checks;
		this.visits = visits;
		this.companies = companies;
		this.proposals = proposals;
		this.properties = properties;
		this.verifier = new CheckVerifier(properties);
		this.transactions = transactions;
		this.clock = clock;
	}

	public FieldCheck check(UUID visitId, CheckKind kind, Position position, Actor actor) {
		Visit visit = this.visits.get(visitId, actor).visit();
		if (!actor.userId().equals(visit.repId())) {
			throw new ForbiddenException("Only the visit's rep checks in and out; others see the visit read-only");
		}
		Instant now = this.clock.instant();
		validate(position, now);
		if (kind == CheckKind.CHECK_IN && !visit.stage().acceptsResult()) {
			throw new ConflictException("A check-in needs the visit in work or overdue; it is " + visit.stage());
		}
		if (kind == CheckKind.CHECK_OUT && !visit.stage().acceptsResult() && visit.stage() != VisitStage.COMPLETED) {
			throw new ConflictException(
					"A check-out needs the visit in work, overdue or completed; it is " + visit.stage());
		}
		Optional<Company> company = this.companies.company(visit.companyId());
		Double companyLat = company.map(Company::latitude).orElse(null);
		Double companyLon = company.map(Company::longitude).orElse(null);
		FieldCheck saved = this.transactions.execute((status) -> {
			if (this.checks.find(visitId, kind).isPresent()) {
				throw new ConflictException("The visit already has a " + kind.name().toLowerCase().replace('_', '-'));
			}
			if (kind == CheckKind.CHECK_OUT && this.checks.find(visitId, CheckKind.CHECK_IN).isEmpty()) {
				throw new ConflictException("Check in before checking out");
			}
			CheckVerifier.Verdict verdict = this.verifier.judge(position, visit.companyId(), companyLat, companyLon,
					this.checks.recentWithPosition(visit.repId(), 50), now);
			boolean propose = kind == CheckKind.CHECK_IN && companyLat == null && position.present()
					&& position.accuracyMeters() != null && position.accuracyMeters() > 0
					&& position.accuracyMeters() <= this.properties.goodAccuracyMeters() && verdict.flags().isEmpty()
					&& this.proposals.getIfAvailable() != null && !this.checks.locationProposedFor(visit.companyId());
			FieldCheck check = new FieldCheck(UUID.randomUUID(), visitId, kind, visit.repId(), visit.companyId(),
					position.latitude(), position.longitude(), position.accuracyMeters(), position.positionTime(),
					position.deviceTime(), now, verdict.distanceMeters(), verdict.grade(), verdict.flags(), propose,
					position.present() ? null : position.error());
			try {
				this.checks.insert(check);
			}
			catch (DuplicateKeyException ex) {
				throw new ConflictException("The visit already has a " + kind.name().toLowerCase().replace('_', '-'));
			}
			return check;
		});
		if (saved.locationProposed()) {
			try {
				this.proposals.getObject()
					.propose(saved.companyId(), saved.latitude(), saved.longitude(), saved.accuracyMeters(),
							saved.visitId().toString());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not propose the check-in of visit {} as the location of company {}", visitId,
						saved.companyId(), ex);
			}
		}
		return saved;
	}

	public List<FieldCheck> of(UUID visitId, Actor actor) {
		this.visits.get(visitId, actor);
		return this.checks.ofVisit(visitId);
	}

	/** Checks of a visit already known to be visible to the caller. */
	List<FieldCheck> ofVisible(UUID visitId) {
		return this.checks.ofVisit(visitId);
	}

	/**
	 * Refuses a position that cannot be taken (400), before anything is created for it.
	 */
	void validate(Position position) {
		validate(position, this.clock.instant());
	}

	private void validate(Position position, Instant now) {
		List<FieldProblem> problems = new ArrayList<>();
		if ((position.latitude() == null) != (position.longitude() == null)) {
			problems.add(new FieldProblem("longitude", "required", "latitude and longitude go together"));
		}
		if (position.latitude() != null && (position.latitude().isNaN() || Math.abs(position.latitude()) > 90)) {
			problems.add(new FieldProblem("latitude", "invalid", "must be between -90 and 90"));
		}
		if (position.longitude() != null && (position.longitude().isNaN() || Math.abs(position.longitude()) > 180)) {
			problems.add(new FieldProblem("longitude", "invalid", "must be between -180 and 180"));
		}
		if (position.accuracyMeters() != null && (position.accuracyMeters().isNaN() || position.accuracyMeters() < 0
				|| position.accuracyMeters() > 1e6)) {
			problems.add(new FieldProblem("accuracy", "invalid", "must be between 0 and 1000000 metres"));
		}
		if (position.present() && position.accuracyMeters() == null) {
			problems.add(FieldProblem.required("accuracy"));
		}
		if (!position.present() && (position.error() == null || !ERRORS.contains(position.error()))) {
			problems.add(new FieldProblem("error", "required",
					"without a position say why: one of " + ERRORS.stream().sorted().toList()));
		}
		Instant earliest = now.minus(Duration.ofDays(30));
		Instant latest = now.plus(Duration.ofDays(1));
		checkTime(problems, "positionTime", position.positionTime(), earliest, latest);
		checkTime(problems, "deviceTime", position.deviceTime(), earliest, latest);
		checkTime(problems, "sentAt", position.sentAt(), earliest, latest);
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
	}

	private static void checkTime(List<FieldProblem> problems, String field, Instant value, Instant earliest,
			Instant latest) {
		if (value != null && (value.isBefore(earliest) || value.isAfter(latest))) {
			problems.add(new FieldProblem(field, "out_of_range", "must be within 30 days before and 1 day after now"));
		}
	}

}
