package ru.visitflow.field;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import ru.visitflow.company.Company;
import ru.visitflow.company.CompanyMirror;
import ru.visitflow.company.Contact;
import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.Attachment;
import ru.visitflow.visit.LifecycleProperties;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitAccess;
import ru.visitflow.visit.VisitAttachments;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.visit.VisitPage;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/**
 * What the field app reads: a rep's days, stages and months in the rep's time zone, and a
 * visit's card with its company, contact, last result and the company's other visits. A
 * supervisor reads any rep of their team.
 */
@Service
public class FieldDays {

	private static final int PAGE = 200;

	private final VisitService visits;

	private final VisitAccess access;

	private final VisitAttachments attachments;

	private final UserDirectory users;

	private final CompanyMirror companies;

	private final CheckIns checks;

	private final LifecycleProperties lifecycle;

	private final Clock clock;

	FieldDays(VisitService visits, VisitAccess access, VisitAttachments attachments, UserDirectory users,
			CompanyMirror companies, CheckIns checks, LifecycleProperties lifecycle, Clock clock) {
		this.visits = visits;
		this.access = access;
		this.attachments = attachments;
		this.users = users;
		this.companies = companies;
		this.checks = checks;
		this.lifecycle = lifecycle;
		this.clock = clock;
	}

	/**
	 * A visit in a list, with its company as the mirror has it (address, position) when
	 * known.
	 */
	public record DayVisit(Visit visit, Company company, boolean overdue) {
	}

	/** Everything the visit screen shows. */
	public record VisitCard(Visit visit, Company company, List<Contact> contacts, Contact contact, Visit lastVisit,
			List<Visit> past, List<Visit> planned, List<FieldCheck> checks, List<Attachment> attachments,
			boolean readOnly) {

		public Optional<FieldCheck> check(CheckKind kind) {
			return this.checks.stream().filter((c) -> c.kind() == kind).findFirst();
		}

	}

	/** Whose app this is: the caller, or a rep of the caller's team (403 otherwise). */
	public String subject(Actor actor, String repId) {
		if (repId == null || repId.isBlank() || repId.equals(actor.userId())) {
			return actor.userId();
		}
		this.access.check(actor, repId);
		return repId;
	}

	public ZoneId zoneOf(String repId) {
		return this.users.timeZoneOf(repId);
	}

	public LocalDate today(String repId) {
		return LocalDate.now(this.clock.withZone(zoneOf(repId)));
	}

	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * The rep's visits planned from {@code from} up to (not including) {@code to}, in
	 * planned order.
	 */
	public List<DayVisit> between(String repId, LocalDate from, LocalDate to, VisitStage stage, Actor actor) {
		if (from.plusDays(62).isBefore(to)) {
			throw new InvalidInputException("to", "invalid", "a period of at most 62 days");
		}
		ZoneId zone = zoneOf(repId);
		return decorate(all(new VisitFilter(repId, stage, null, from.atStartOfDay(zone).toInstant(),
				to.atStartOfDay(zone).toInstant()), actor));
	}

	/**
	 * All the rep's visits in a stage, in planned order (newest first for closed stages).
	 */
	public List<DayVisit> inStage(String repId, VisitStage stage, Actor actor) {
		List<Visit> found = new ArrayList<>(all(new VisitFilter(repId, stage, null, null, null), actor));
		if (!stage.isOpen()) {
			found.sort(Comparator.comparing(Visit::plannedStart).reversed());
		}
		return decorate(found);
	}

	/** How many visits fall on each day of a month. */
	public Map<LocalDate, Integer> month(String repId, YearMonth month, Actor actor) {
		ZoneId zone = zoneOf(repId);
		Map<LocalDate, Integer> days = new LinkedHashMap<>();
		for (int d = 1; d <= month.lengthOfMonth(); d++) {
			days.put(month.atDay(d), 0);
		}
		for (Visit visit : all(new VisitFilter(repId, null, null, month.atDay(1).atStartOfDay(zone).toInstant(),
				month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()), actor)) {
			days.merge(visit.plannedStart().atZone(zone).toLocalDate(), 1, Integer::sum);
		}
		return days;
	}

	public VisitCard card(UUID id, Actor actor) {
		Visit visit = this.visits.get(id, actor).visit();
		Company company = this.companies.company(visit.companyId()).orElse(null);
		List<Contact> contacts = this.companies.contactsOf(visit.companyId());
		Contact contact = (visit.contactId() == null) ? null
				: contacts.stream().filter((c) -> c.id() == visit.contactId()).findFirst().orElse(null);
		List<Visit> others = all(new VisitFilter(null, null, visit.companyId(), null, null), actor).stream()
			.filter((v) -> !v.id().equals(id))
			.toList();
		List<Visit> past = others.stream()
			.filter((v) -> !v.stage().isOpen())
			.sorted(Comparator.comparing(Visit::plannedStart).reversed())
			.toList();
		List<Visit> planned = others.stream().filter((v) -> v.stage().isOpen()).toList();
		Visit last = past.stream().filter((v) -> v.outcome() != null).findFirst().orElse(null);
		return new VisitCard(visit, company, contacts, contact, last, past, planned, this.checks.ofVisible(id),
				this.attachments.of(id), !actor.userId().equals(visit.repId()));
	}

	/** The type's name in the page's language. */
	public String typeName(String code, Locale locale) {
		return this.lifecycle.visitType(code)
			.map((type) -> "en".equals(locale.getLanguage()) ? type.nameEn() : type.name())
			.orElse(code);
	}

	public List<LifecycleProperties.VisitType> visitTypes() {
		return this.lifecycle.visitTypes();
	}

	public boolean overdue(Visit visit) {
		return visit.stage() == VisitStage.OVERDUE || (visit.stage().isOpen()
				&& visit.plannedStart().plusSeconds(visit.durationMinutes() * 60L).isBefore(now()));
	}

	private List<DayVisit> decorate(List<Visit> found) {
		Map<Long, Company> known = new LinkedHashMap<>();
		return found.stream()
			.map((v) -> new DayVisit(v,
					known.computeIfAbsent(v.companyId(), (c) -> this.companies.company(c).orElse(null)), overdue(v)))
			.toList();
	}

	private List<Visit> all(VisitFilter filter, Actor actor) {
		List<Visit> found = new ArrayList<>();
		for (int page = 0; page < 50; page++) {
			VisitPage result = this.visits.search(filter, page, PAGE, actor);
			found.addAll(result.items());
			if ((long) (page + 1) * PAGE >= result.total()) {
				break;
			}
		}
		return found;
	}

}
