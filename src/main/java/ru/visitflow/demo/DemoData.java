package ru.visitflow.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.system.DemoDataGuard;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitOutcome;
import ru.visitflow.visit.VisitResult;
import ru.visitflow.visit.VisitService;

/**
 * A demo team on the embedded default: supervisor head1, reps rep1 (Moscow) and rep2
 * (Yekaterinburg), admin, all with the configured password, and visits in every stage.
 * Visits in the past are made by running the engine clock from back then, so their stage
 * history reads as it would have happened.
 */
@Component
class DemoData {

	private static final Logger logger = LoggerFactory.getLogger(DemoData.class);

	private final DemoProperties properties;

	private final IdentityBootstrap identity;

	private final UserDirectory users;

	private final VisitService visits;

	private final ManagementService managementService;

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final Clock clock;

	private final ProcessEngine processEngine;

	private final List<DemoDataGuard> guards;

	DemoData(DemoProperties properties, IdentityBootstrap identity, UserDirectory users, VisitService visits,
			ManagementService managementService, JdbcClient jdbc, DataSource dataSource, Clock clock,
			ProcessEngine processEngine, List<DemoDataGuard> guards) {
		this.processEngine = processEngine;
		this.guards = guards;
		this.properties = properties;
		this.identity = identity;
		this.users = users;
		this.visits = visits;
		this.managementService = managementService;
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(10)
	public void create() {
		if (!this.properties.enabled() || !isEmbeddedDatabase()) {
			return;
		}
		for (DemoDataGuard guard : this.guards) {
			var refusal = guard.refusal();
			if (refusal.isPresent()) {
				// demo visits would be synced into the customer's portal, assigned to the
				// sandbox's user ids
				logger.warn("Demo data is not created: {}; set VISITFLOW_DEMO_ENABLED=false to silence this",
						refusal.get());
				return;
			}
		}
		String password = this.properties.password();
		this.identity.ensureUser("head1", "Ирина", "Соколова", password, List.of(Role.SUPERVISOR.groupId()));
		this.identity.ensureUser("rep1", "Алексей", "Петров", password, List.of(Role.REP.groupId()));
		this.identity.ensureUser("rep2", "Мария", "Иванова", password, List.of(Role.REP.groupId()));
		this.identity.ensureUser("admin", "Администратор", "Visitflow", password,
				List.of(Role.ADMIN.groupId(), Groups.CAMUNDA_ADMIN));
		saveProfileIfAbsent(new UserProfile("head1", 1L, ZoneId.of("Europe/Moscow"), null, "Москва"));
		saveProfileIfAbsent(new UserProfile("rep1", 2L, ZoneId.of("Europe/Moscow"), "head1", "Москва"));
		saveProfileIfAbsent(new UserProfile("rep2", 3L, ZoneId.of("Asia/Yekaterinburg"), "head1", "Екатеринбург"));
		saveProfileIfAbsent(new UserProfile("admin", 4L, ZoneId.of("Europe/Moscow"), null, null));
		if (this.jdbc.sql("select count(*) from visit").query(Long.class).single() == 0) {
			// the job executor would race the hand-run timers below; pause it while the
			// past is replayed
			JobExecutor jobExecutor = ((ProcessEngineConfigurationImpl) this.processEngine
				.getProcessEngineConfiguration()).getJobExecutor();
			boolean wasActive = jobExecutor.isActive();
			if (wasActive) {
				jobExecutor.shutdown();
			}
			try {
				createVisits();
			}
			finally {
				if (wasActive) {
					jobExecutor.start();
				}
			}
		}
	}

	/**
	 * A profile an administrator set (Bitrix24 user, zone, supervisor) is never
	 * overwritten by the demo.
	 */
	private void saveProfileIfAbsent(UserProfile profile) {
		if (this.users.profile(profile.userId()).isEmpty()) {
			this.users.saveProfile(profile);
		}
	}

	private void createVisits() {
		Actor head = new Actor("head1", Set.of(Role.SUPERVISOR));
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.HOURS);
		for (String rep : List.of("rep1", "rep2")) {
			Actor actor = new Actor(rep, Set.of(Role.REP));
			long base = rep.equals("rep1") ? 100 : 200;
			// Draft: a month ahead; In work: this week; a plan request waiting for review
			plan(actor, base + 1, "ООО «Ромашка»", "meeting", now.plus(Duration.ofDays(30)), VisitOrigin.MANUAL);
			plan(actor, base + 2, "ИП Кузнецов, магазин «У дома»", "merchandising", now.plus(Duration.ofDays(2)),
					VisitOrigin.MANUAL);
			plan(head, rep, base + 3, "Сеть аптек «Здоровье»", "negotiation", now.plus(Duration.ofDays(14)),
					VisitOrigin.PLAN);
			// Today, in planned order: the field app's "Сегодня"
			plan(actor, base + 8, "Супермаркет «Соседи»", "merchandising", now.plus(Duration.ofHours(1)),
					VisitOrigin.MANUAL);
			plan(actor, base + 9, "ООО «Северный склад»", "meeting", now.plus(Duration.ofHours(2)), VisitOrigin.MANUAL);
			plan(actor, base + 10, "Аптека «Линия»", "negotiation", now.plus(Duration.ofHours(4)), VisitOrigin.MANUAL);
			// Completed with a next visit agreed: the repeat visit waits in Repeat visits
			Visit done = inThePast(now.minus(Duration.ofDays(6)), () -> plan(actor, base + 4, "ТЦ «Галерея»",
					"training", now.minus(Duration.ofDays(5)), VisitOrigin.MANUAL));
			inThePast(now.minus(Duration.ofDays(5)).plus(Duration.ofHours(2)), () -> {
				this.visits.complete(done.id(),
						new VisitResult(VisitOutcome.AGREEMENT_REACHED,
								"Провели обучение для 6 продавцов, договорились о повторном через три недели",
								now.plus(Duration.ofDays(16))),
						actor);
				return null;
			});
			// Overdue: planned three days ago, no result
			Visit overdue = inThePast(now.minus(Duration.ofDays(4)), () -> plan(actor, base + 5, "ООО «Продукты 24»",
					"merchandising", now.minus(Duration.ofDays(3)), VisitOrigin.MANUAL));
			runDueTimers(overdue, now);
			// Failed: overdue long enough
			Visit failed = inThePast(now.minus(Duration.ofDays(12)), () -> plan(actor, base + 6, "Кафе «Встреча»",
					"meeting", now.minus(Duration.ofDays(11)), VisitOrigin.MANUAL));
			runDueTimers(failed, now.minus(Duration.ofDays(10)));
			runDueTimers(failed, now.minus(Duration.ofDays(6)));
			// Cancelled
			Visit cancelled = plan(actor, base + 7, "АО «Стройторг»", "negotiation", now.plus(Duration.ofDays(9)),
					VisitOrigin.MANUAL);
			this.visits.cancel(cancelled.id(), "Клиент перенёс закупки на следующий квартал", actor);
		}
		logger.info("Created demo visits for rep1 and rep2 in every stage");
	}

	private Visit plan(Actor actor, long companyId, String company, String type, Instant start, VisitOrigin origin) {
		return plan(actor, actor.userId(), companyId, company, type, start, origin);
	}

	private Visit plan(Actor actor, String rep, long companyId, String company, String type, Instant start,
			VisitOrigin origin) {
		return this.visits.create(new NewVisit(companyId, company, null, rep, type, start.toString(), null,
				"Демо: " + company, null, origin), actor);
	}

	/** Runs the work with the engine clock set back to {@code when}, then restores it. */
	private <T> T inThePast(Instant when, Supplier<T> work) {
		ClockUtil.setCurrentTime(Date.from(when));
		try {
			return work.get();
		}
		finally {
			ClockUtil.reset();
		}
	}

	/**
	 * Fires the visit's timers that are due at {@code when}, with the clock at that time.
	 */
	private void runDueTimers(Visit visit, Instant when) {
		inThePast(when, () -> {
			List<Job> due = this.managementService.createJobQuery()
				.processInstanceId(visit.processInstanceId())
				.timers()
				.duedateLowerThan(Date.from(when.plusSeconds(1)))
				.list();
			due.forEach((job) -> fire(job.getId()));
			return null;
		});
	}

	/**
	 * Fires one timer; the Bitrix24 sync may complete a task of the same instance at that
	 * moment, so a concurrent update is tried again, and a timer already gone has fired
	 * elsewhere.
	 */
	private void fire(String jobId) {
		for (int attempt = 1;; attempt++) {
			if (this.managementService.createJobQuery().jobId(jobId).count() == 0) {
				return;
			}
			try {
				this.managementService.executeJob(jobId);
				return;
			}
			catch (OptimisticLockingException ex) {
				if (attempt == 5) {
					throw ex;
				}
				logger.debug("Demo timer {} met a concurrent update; trying again", jobId);
			}
		}
	}

	/**
	 * The demo logins; with demo data off none of them may still open with the demo
	 * password.
	 */
	static final List<String> DEMO_USERS = List.of("head1", "rep1", "rep2", "admin");

	/** True when this start runs the demo (demo on, embedded database). */
	boolean isDemo() {
		return this.properties.enabled() && isEmbeddedDatabase();
	}

	private boolean isEmbeddedDatabase() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("h2");
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
