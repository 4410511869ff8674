package ru.visitflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.system.DemoDataGuard;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitService;

/**
 * Demo data belongs to the sandbox: with a real portal configured nothing is created (no
 * demo visits to sync into the customer's portal, no profiles pointing at the sandbox's
 * user ids), and a profile an administrator set is never overwritten by a start with demo
 * data on.
 */
@SpringBootTest
@ActiveProfiles("test")
class DemoDataTests {

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private UserDirectory users;

	@Autowired
	private VisitService visits;

	@Autowired
	private ManagementService managementService;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private Clock clock;

	@Autowired
	private ProcessEngine processEngine;

	@Autowired
	private List<DemoDataGuard> guards;

	/**
	 * The demo as the application wires it, with one more guard standing for a configured
	 * real portal.
	 */
	private DemoData demo(boolean realPortal) {
		List<DemoDataGuard> all = new ArrayList<>(this.guards);
		if (realPortal) {
			all.add(() -> Optional.of("a Bitrix24 portal is configured"));
		}
		return new DemoData(new DemoProperties(true, "demo", false), this.identity, this.users, this.visits,
				this.managementService, this.jdbc, this.dataSource, this.clock, this.processEngine, all);
	}

	private long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	@Test
	void withARealPortalConfiguredNoDemoUserProfileOrVisitIsCreated() {
		this.users.saveProfile(new UserProfile("head1", 117L, ZoneId.of("Europe/Moscow"), null, "Москва"));
		long visitsBefore = count("visit");
		long profilesBefore = count("user_profile");

		demo(true).create();

		assertThat(count("visit")).isEqualTo(visitsBefore);
		assertThat(count("user_profile")).isEqualTo(profilesBefore);
		assertThat(this.users.profile("head1").orElseThrow().bitrix24UserId()).isEqualTo(117L);
	}

	@Test
	void aProfileAnAdministratorSetIsNeverOverwrittenByTheDemo() {
		// users and at least one visit exist, as on any start after the first: only
		// profiles are at stake
		for (String user : List.of("head1", "rep1", "rep2", "admin")) {
			this.identity.ensureUser(user, user, user, "secret", List.of(Role.REP.groupId()));
		}
		UserProfile before = this.users.profile("rep1").orElse(null);
		this.users.saveProfile(new UserProfile("rep1", 17L, ZoneId.of("Asia/Yekaterinburg"), null, "Урал"));
		if (count("visit") == 0) {
			this.visits.create(
					new NewVisit(990_001L, "ООО «Проба»", null, null, "meeting",
							LocalDate.now(this.clock).plusDays(20) + "T10:00", null, null, "Урал", VisitOrigin.MANUAL),
					new Actor("rep1", Set.of(Role.REP)));
		}
		try {
			demo(false).create();
			assertThat(this.users.profile("rep1").orElseThrow().bitrix24UserId()).isEqualTo(17L);
			assertThat(this.users.profile("rep1").orElseThrow().timeZone()).isEqualTo(ZoneId.of("Asia/Yekaterinburg"));
		}
		finally {
			if (before != null) {
				this.users.saveProfile(before);
			}
		}
	}

}
