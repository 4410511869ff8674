package ru.visitflow.geo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ru.visitflow.company.CompanyOpeningHours;
import ru.visitflow.company.CoordinatesWriteBack;
import ru.visitflow.company.LocationProposals;
import ru.visitflow.identity.Actor;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;

/**
 * Company positions with their source: the one in force (a pin or an approved check-in,
 * else the Bitrix24 field, else the geocoder's), a supervisor's correction by dragging a
 * marker, and the proposals from check-ins. An approved position is written back to
 * Bitrix24 after its transaction has committed.
 */
@Service
public class CompanyPositions implements LocationProposals {

	private static final Logger logger = LoggerFactory.getLogger(CompanyPositions.class);

	private final GeoRepository repository;

	private final CompanyAccess access;

	private final CoordinatesWriteBack writeBack;

	private final TransactionTemplate transactions;

	private final PositionListeners listeners;

	private final Clock clock;

	private final CompanyOpeningHours openingHours;

	CompanyPositions(GeoRepository repository, CompanyAccess access, CoordinatesWriteBack writeBack,
			TransactionTemplate transactions, PositionListeners listeners, Clock clock,
			CompanyOpeningHours openingHours) {
		this.openingHours = openingHours;
		this.repository = repository;
		this.access = access;
		this.writeBack = writeBack;
		this.transactions = transactions;
		this.listeners = listeners;
		this.clock = clock;
	}

	/** The position in force for a company, with its source. */
	public Optional<Position> of(long companyId) {
		Optional<Position> stored = this.repository.storedPosition(companyId);
		if (stored.isPresent() && stored.get().source().isByHand()) {
			return stored;
		}
		Optional<Position> mirrored = this.repository.mirroredPosition(companyId);
		return mirrored.isPresent() ? mirrored : stored;
	}

	/**
	 * The positions in force (as {@link #of(long)}) of the companies inside a box, keyed
	 * by company id.
	 */
	public Map<Long, Position> within(double south, double west, double north, double east) {
		Map<Long, Position> result = new HashMap<>();
		this.repository.positionsWithin(south, west, north, east).forEach((p) -> result.put(p.companyId(), p));
		return result;
	}

	/**
	 * A supervisor drags a marker: the pin is kept as MANUAL and written back to
	 * Bitrix24.
	 */
	public Position move(long companyId, Double latitude, Double longitude, Actor actor) {
		checkCoordinates(latitude, longitude);
		Long owner = ownerOrNotFound(companyId);
		this.access.checkMayCorrect(actor, owner);
		Position position = new Position(companyId, latitude, longitude, CoordinateSource.MANUAL, now(),
				actor.userId());
		this.repository.savePosition(position, null, false);
		this.listeners.changed();
		writeBack(position);
		return position;
	}

	// ---- proposals from check-ins ----

	@Override
	public void propose(long companyId, double latitude, double longitude, double accuracyMeters, String visitId) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!Position.valid(latitude, longitude)) {
			problems.add(new FieldProblem("latitude", "invalid", "must be a WGS84 position"));
		}
		if (!Double.isFinite(accuracyMeters) || accuracyMeters < 0) {
			problems.add(new FieldProblem("accuracy", "invalid", "must be a distance in metres"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		if (!this.repository.companyExists(companyId)) {
			throw new NotFoundException("No company " + companyId);
		}
		this.repository.propose(companyId, latitude, longitude, accuracyMeters, visitId, now());
	}

	/** The pending proposals on companies the actor may correct. */
	public List<LocationProposal> pending(Actor actor) {
		if (!actor.isSupervisor() && !actor.isAdmin()) {
			return List.of();
		}
		return this.repository.pendingProposals()
			.stream()
			.filter((proposal) -> this.access.sees(actor, proposal.companyOwner()))
			.toList();
	}

	/**
	 * Approves a proposal: the company's position becomes it (CHECK_IN), then Bitrix24 is
	 * told.
	 */
	public Position approve(long proposalId, Actor actor) {
		LocationProposal proposal = decidable(proposalId, actor);
		Position position = new Position(proposal.companyId(), proposal.latitude(), proposal.longitude(),
				CoordinateSource.CHECK_IN, now(), actor.userId());
		this.transactions.executeWithoutResult((status) -> {
			if (!this.repository.decide(proposalId, LocationProposal.Status.APPROVED.name(), actor.userId(), now())) {
				throw new ConflictException("The proposal has been decided meanwhile");
			}
			this.repository.savePosition(position, proposal.accuracyMeters(), false);
		});
		this.listeners.changed();
		writeBack(position);
		return position;
	}

	public void reject(long proposalId, Actor actor) {
		decidable(proposalId, actor);
		if (!this.repository.decide(proposalId, LocationProposal.Status.REJECTED.name(), actor.userId(), now())) {
			throw new ConflictException("The proposal has been decided meanwhile");
		}
	}

	/**
	 * Pins whose write-back failed are tried again; returns how many reached Bitrix24.
	 */
	public int retryWriteBacks() {
		int written = 0;
		for (Position pin : this.repository.unwrittenPins(20)) {
			if (writeBack(pin)) {
				written++;
			}
		}
		return written;
	}

	// ---- opening hours (as written on the card, the card being their source of truth)
	// ----

	/** The opening hours on the company's card, as the mirror has them. */
	public Optional<String> openingHours(long companyId) {
		return this.openingHours.of(companyId);
	}

	/**
	 * Sets the opening hours on the company's card: in the mirror at once, in Bitrix24
	 * outside any transaction (retried while it fails).
	 */
	public void saveOpeningHours(long companyId, String text, Actor actor) {
		if (text == null || text.isBlank() || text.length() > 500) {
			throw new InvalidInputException("openingHours", "invalid", "must be given, at most 500 characters");
		}
		Long owner = ownerOrNotFound(companyId);
		if (!this.access.sees(actor, owner)) {
			throw new ForbiddenException("This company belongs to another territory");
		}
		this.openingHours.save(companyId, text.trim());
	}

	// ---- internals ----

	private LocationProposal decidable(long proposalId, Actor actor) {
		LocationProposal proposal = this.repository.proposal(proposalId)
			.orElseThrow(() -> new NotFoundException("No location proposal " + proposalId));
		this.access.checkMayCorrect(actor, proposal.companyOwner());
		if (proposal.status() != LocationProposal.Status.PENDING) {
			throw new ConflictException("The proposal is already " + proposal.status());
		}
		return proposal;
	}

	private boolean writeBack(Position position) {
		try {
			this.writeBack.write(position.companyId(), position.latitude(), position.longitude());
			this.repository.markWritten(position.companyId(), position.latitude(), position.longitude(), null);
			return true;
		}
		catch (RuntimeException ex) {
			String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			logger.warn("Writing company {}'s position to Bitrix24 failed, will retry: {}", position.companyId(),
					reason);
			this.repository.markWritten(position.companyId(), position.latitude(), position.longitude(),
					(reason.length() > 500) ? reason.substring(0, 500) : reason);
			return false;
		}
	}

	private Long ownerOrNotFound(long companyId) {
		if (!this.repository.companyExists(companyId)) {
			throw new NotFoundException("No company " + companyId);
		}
		return this.repository.ownerOf(companyId).orElse(null);
	}

	private static void checkCoordinates(Double latitude, Double longitude) {
		List<FieldProblem> problems = new ArrayList<>();
		if (latitude == null) {
			problems.add(FieldProblem.required("latitude"));
		}
		else if (!Double.isFinite(latitude) || latitude < -90 || latitude > 90) {
			problems.add(new FieldProblem("latitude", "invalid", "must be between -90 and 90"));
		}
		if (longitude == null) {
			problems.add(FieldProblem.required("longitude"));
		}
		else if (!Double.isFinite(longitude) || longitude < -180 || longitude > 180) {
			problems.add(new FieldProblem("longitude", "invalid", "must be between -180 and 180"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
	}

	private Instant now() {
		return this.clock.instant();
	}

}
