package ru.visitflow.map;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.stereotype.Service;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.geo.CompanyAccess;
import ru.visitflow.geo.CompanyPositions;
import ru.visitflow.geo.Position;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/** What the map shows to whom, the popup's details, and visits planned from a popup. */
@Service
public class MapService {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final MarkerIndex index;

	private final CompanyAccess access;

	private final CompanyMirror companies;

	private final CompanyPositions positions;

	private final CompanyVisits companyVisits;

	private final VisitService visits;

	private final UserDirectory users;

	private final MapProperties properties;

	MapService(MarkerIndex index, CompanyAccess access, CompanyMirror companies, CompanyPositions positions,
			CompanyVisits companyVisits, VisitService visits, UserDirectory users, MapProperties properties) {
		this.index = index;
		this.access = access;
		this.companies = companies;
		this.positions = positions;
		this.companyVisits = companyVisits;
		this.visits = visits;
		this.users = users;
		this.properties = properties;
	}

	/**
	 * Markers and clusters in a viewport; a rep filter naming someone the actor may not
	 * see is refused.
	 */
	public MarkerIndex.Markers markers(String bbox, Integer zoom, String rep, String region, String visitType,
			VisitStage stage, MarkerColour lastVisit, Actor actor) {
		List<FieldProblem> problems = new ArrayList<>();
		Bbox box = null;
		try {
			box = Bbox.parse(bbox);
		}
		catch (InvalidInputException ex) {
			problems.addAll(ex.problems());
		}
		if (zoom == null) {
			problems.add(FieldProblem.required("zoom"));
		}
		else if (zoom < 0 || zoom > 22) {
			problems.add(new FieldProblem("zoom", "invalid", "must be between 0 and 22"));
		}
		Set<Long> owners = this.access.visibleOwners(actor);
		Long owner = null;
		if (rep != null && !rep.isBlank()) {
			owner = this.users.bitrix24UserOf(rep).orElse(null);
			if (owner == null) {
				problems.add(new FieldProblem("rep", "unknown", "'" + rep + "' has no Bitrix24 user"));
			}
			else if (owners != null && !owners.contains(owner)) {
				throw new ForbiddenException("This rep is not in your team");
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		MarkerFilter filter = new MarkerFilter(owners, owner, blankToNull(region), blankToNull(visitType), stage,
				lastVisit);
		return this.index.snapshot().query(box, zoom, filter);
	}

	public List<String> regions(Actor actor) {
		return this.index.snapshot().regions(MarkerFilter.visibleTo(this.access.visibleOwners(actor)));
	}

	/**
	 * Where the actor's companies are, to open the map on them; null when they see none.
	 */
	public double[] extent(Actor actor) {
		return this.index.snapshot().extent(this.access.visibleOwners(actor));
	}

	/**
	 * The popup: configured fields, the position and its source, the last and next visit,
	 * the card link.
	 */
	public CompanyDetails details(long companyId, Actor actor) {
		Company company = visibleCompany(companyId, actor);
		ZoneId zone = this.users.timeZoneOf(actor.userId());
		Map<String, String> fields = new LinkedHashMap<>();
		Optional<Position> position = this.positions.of(companyId);
		for (String field : this.properties.popupFields()) {
			String value = switch (field) {
				case "address" -> company.address();
				case "city" -> company.city();
				case "region" -> company.region();
				case "postalCode" -> company.postalCode();
				case "phones" -> String.join(", ", company.phones());
				case "emails" -> String.join(", ", company.emails());
				case "source" -> position.map((p) -> p.source().name()).orElse(null);
				case "openingHours" -> this.positions.openingHours(companyId).orElse(null);
				case "decisionMaker" -> company.decisionMaker();
				case "productsOfInterest" -> company.productsOfInterest();
				case "inn" -> company.inn();
				default -> null;
			};
			if (value != null && !value.isBlank()) {
				fields.put(field, value);
			}
		}
		int at = this.index.snapshot().find(companyId);
		return new CompanyDetails(company.id(), company.title(), fields, position.map(Position::latitude).orElse(null),
				position.map(Position::longitude).orElse(null), position.map((p) -> p.source().name()).orElse(null),
				(at >= 0) ? this.index.snapshot().colour(at).code() : MarkerColour.NONE.code(),
				this.companyVisits.lastCompleted(companyId).map((v) -> brief(v, zone)).orElse(null),
				this.companyVisits.next(companyId).map((v) -> brief(v, zone)).orElse(null),
				this.properties.companyCardUrl().replace("{id}", String.valueOf(companyId)));
	}

	/**
	 * A visit planned from the popup, through the visit service as from the API; the map
	 * shows it at once.
	 */
	public Visit planVisit(long companyId, PlanVisitRequest request, Actor actor) {
		Company company = visibleCompany(companyId, actor);
		Visit visit = this.visits.create(new NewVisit(companyId, company.title(), null, request.repId(),
				request.visitType(), request.plannedStart(), request.durationMinutes(), request.purpose(),
				company.region(), VisitOrigin.MAP), actor);
		this.index.invalidate();
		return visit;
	}

	public Company visibleCompany(long companyId, Actor actor) {
		Company company = this.companies.company(companyId)
			.orElseThrow(() -> new NotFoundException("No company " + companyId));
		if (!this.access.sees(actor, company.assignedById())) {
			throw new ForbiddenException("This company is not in your territory");
		}
		return company;
	}

	private VisitLine brief(CompanyVisits.VisitBrief visit, ZoneId zone) {
		String when = (visit.closedAt() != null && "COMPLETED".equals(visit.stage()))
				? LOCAL.format(visit.closedAt().atZone(zone)) : LOCAL.format(visit.plannedStart().atZone(zone));
		return new VisitLine(visit.id(), when, visit.visitType(), visit.stage(), visit.outcome(),
				this.users.displayName(visit.repId()).orElse(visit.repId()));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/** The popup's content. */
	public record CompanyDetails(long id, String title, Map<String, String> fields, Double latitude, Double longitude,
			String source, int colour, VisitLine lastVisit, VisitLine nextVisit, String cardUrl) {
	}

	/** A visit in the popup, its time in the viewer's zone. */
	public record VisitLine(String id, String when, String visitType, String stage, String outcome, String rep) {
	}

	/**
	 * "Plan a visit" from the popup: date and time in the rep's zone, the type,
	 * optionally the rep.
	 */
	@Schema(example = """
			{"plannedStart": "2026-12-08T10:00", "visitType": "meeting", "durationMinutes": 60, "repId": "rep1",
			 "purpose": "Present the winter assortment"}""")
	public record PlanVisitRequest(String plannedStart, String visitType, Integer durationMinutes, String repId,
			String purpose) {
	}

}
