package ru.visitflow.company;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.NotFoundException;
import ru.visitflow.system.Rows;

/**
 * Who may edit a company card or a contact (both are written to Bitrix24 under the
 * integration user): administrators; a rep whose visits or territory (the profile's
 * region against the company's region or city) include the company; a supervisor for
 * their own and their team's. Anyone else, and users without a role, get 403. Every edit
 * is recorded with who made it ({@code company_edit}).
 */
@Service
public class CompanyEditAccess {

	private static final Logger logger = LoggerFactory.getLogger(CompanyEditAccess.class);

	private final CompanyMirror mirror;

	private final UserDirectory users;

	private final JdbcClient jdbc;

	private final Clock clock;

	CompanyEditAccess(CompanyMirror mirror, UserDirectory users, JdbcClient jdbc, Clock clock) {
		this.mirror = mirror;
		this.users = users;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Throws 403 unless the actor may edit this company; 404 for a company the mirror
	 * does not know.
	 */
	public void checkCompany(Actor actor, long companyId) {
		if (actor.isAdmin()) {
			return;
		}
		Company company = this.mirror.company(companyId).orElse(null);
		if (!actor.isRep() && !actor.isSupervisor()) {
			throw new ForbiddenException("Only reps, supervisors and administrators edit company cards");
		}
		if (company == null) {
			throw new NotFoundException("No company " + companyId);
		}
		if (!mayEdit(actor, company)) {
			throw new ForbiddenException("This company is outside your visits and territory");
		}
	}

	/**
	 * The company of the contact, after the same check; a contact without a company only
	 * for administrators.
	 */
	public Long checkContact(Actor actor, long contactId) {
		Long companyId = this.jdbc.sql("select company_id from contact where id = ?")
			.param(contactId)
			.query(Long.class)
			.optional()
			.orElse(null);
		if (actor.isAdmin()) {
			return companyId;
		}
		if (!actor.isRep() && !actor.isSupervisor()) {
			throw new ForbiddenException("Only reps, supervisors and administrators edit contacts");
		}
		if (companyId == null) {
			throw new ForbiddenException("Only administrators edit a contact without a company in Visitflow");
		}
		checkCompany(actor, companyId);
		return companyId;
	}

	/** Records an edit (successful or not) with who made it. */
	public void record(String entityType, long entityId, Long companyId, Actor actor, int status) {
		this.jdbc
			.sql("insert into company_edit (entity_type, entity_id, company_id, edited_by, edited_at, status) "
					+ "values (?, ?, ?, ?, ?, ?)")
			.params(entityType, entityId, companyId, actor.userId(), Rows.utc(this.clock.instant()), status)
			.update();
		logger.info("{} {} edited by {} (HTTP {})", entityType, entityId, actor.userId(), status);
	}

	private boolean mayEdit(Actor actor, Company company) {
		List<String> people = new ArrayList<>();
		people.add(actor.userId());
		if (actor.isSupervisor()) {
			people.addAll(this.users.teamOf(actor.userId()));
		}
		for (String person : people) {
			String region = this.users.profile(person).map(UserProfile::region).orElse(null);
			if (region != null && (same(region, company.region()) || same(region, company.city()))) {
				return true;
			}
		}
		return visitsOf(people, company.id()) > 0;
	}

	/**
	 * Visits are the visit capability's; this reads only whether any of these people has
	 * one at the company.
	 */
	private long visitsOf(List<String> people, long companyId) {
		String marks = String.join(", ", people.stream().map((p) -> "?").toList());
		List<Object> params = new ArrayList<>();
		params.add(companyId);
		params.addAll(people);
		return this.jdbc.sql("select count(*) from visit where company_id = ? and rep_id in (" + marks + ")")
			.params(params)
			.query(Long.class)
			.single();
	}

	private static boolean same(String a, String b) {
		return b != null && Objects.equals(a.trim().toLowerCase(Locale.ROOT), b.trim().toLowerCase(Locale.ROOT));
	}

}
