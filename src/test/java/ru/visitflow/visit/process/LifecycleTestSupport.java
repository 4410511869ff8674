package ru.visitflow.visit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.visit.NewVisit;
import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitFilter;
import ru.visitflow.visit.VisitOrigin;
import ru.visitflow.visit.VisitService;
import ru.visitflow.visit.VisitStage;

/**
 * The whole application on an in-memory database with the job executor off: tests move
 * the engine clock and run the timers that are then due, so no test ever sleeps.
 */
@SpringBootTest
@ActiveProfiles("test")
public abstract class LifecycleTestSupport {

	/** Tuesday 1 December 2026, 09:00 in Moscow. */
	protected static final Instant START = Instant.parse("2026-12-01T06:00:00Z");

	protected static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

	protected static final ZoneId YEKATERINBURG = ZoneId.of("Asia/Yekaterinburg");

	protected static final Actor REP1 = new Actor("rep1", Set.of(Role.REP));

	protected static final Actor REP2 = new Actor("rep2", Set.of(Role.REP));

	protected static final Actor HEAD = new Actor("head1", Set.of(Role.SUPERVISOR));

	private static final AtomicLong companies = new AtomicLong(System.nanoTime() % 1_000_000_000L);

	@Autowired
	protected ProcessEngine engine;

	@Autowired
	protected VisitService visits;

	@Autowired
	protected RuntimeService runtimeService;

	@Autowired
	protected TaskService taskService;

	@Autowired
	protected ManagementService managementService;

	@Autowired
	protected ExternalTaskService externalTaskService;

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private UserDirectory users;

	@BeforeEach
	void setUpEngineAndTeam() {
		init(this.engine);
		ClockUtil.setCurrentTime(Date.from(START));
		this.identity.ensureUser("head1", "Ирина", "Соколова", "secret", List.of(Role.SUPERVISOR.groupId()));
		this.identity.ensureUser("rep1", "Алексей", "Петров", "secret", List.of(Role.REP.groupId()));
		this.identity.ensureUser("rep2", "Мария", "Иванова", "secret", List.of(Role.REP.groupId()));
		this.identity.ensureUser("rep3", "Олег", "Смирнов", "secret", List.of(Role.REP.groupId()));
		this.users.saveProfile(new UserProfile("head1", 1L, MOSCOW, null, "Москва"));
		this.users.saveProfile(new UserProfile("rep1", 2L, MOSCOW, "head1", "Москва"));
		this.users.saveProfile(new UserProfile("rep2", 3L, YEKATERINBURG, "head1", "Екатеринбург"));
		this.users.saveProfile(new UserProfile("rep3", 5L, MOSCOW, null, "Москва"));
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	protected Visit plan(Actor actor, String plannedStart) {
		return plan(actor, plannedStart, VisitOrigin.MANUAL);
	}

	protected Visit plan(Actor actor, String plannedStart, VisitOrigin origin) {
		return plan(actor, null, plannedStart, origin);
	}

	protected Visit plan(Actor actor, String repId, String plannedStart, VisitOrigin origin) {
		return this.visits.create(new NewVisit(companies.incrementAndGet(), "ООО «Тест»", null, repId, "meeting",
				plannedStart, null, "Проверка", "Москва", origin), actor);
	}

	/** The repeat visit agreed at {@code visit}. */
	protected Visit repeatVisitOf(Visit visit) {
		List<Visit> found = this.visits
			.search(new VisitFilter(null, null, visit.companyId(), null, null), 0, 50,
					new Actor("admin", Set.of(Role.ADMIN)))
			.items()
			.stream()
			.filter((candidate) -> visit.id().equals(candidate.previousVisitId()))
			.toList();
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	protected Visit reload(Visit visit) {
		return this.visits.load(visit.id());
	}

	protected ProcessInstance instance(Visit visit) {
		return this.runtimeService.createProcessInstanceQuery()
			.processInstanceBusinessKey(visit.id().toString())
			.singleResult();
	}

	protected Task task(Visit visit) {
		return this.taskService.createTaskQuery().processInstanceBusinessKey(visit.id().toString()).singleResult();
	}

	/** Moves the engine clock and runs every timer of the visit that is due by then. */
	protected void moveClockTo(Instant when, Visit visit) {
		ClockUtil.setCurrentTime(Date.from(when));
		List<Job> due = this.managementService.createJobQuery()
			.processInstanceId(pid(visit))
			.timers()
			.executable()
			.list();
		due.forEach((job) -> this.managementService.executeJob(job.getId()));
	}

	protected Job timer(Visit visit, String activityId) {
		return this.managementService.createJobQuery()
			.processInstanceId(pid(visit))
			.activityId(activityId)
			.singleResult();
	}

	protected List<String> stageHistory(Visit visit) {
		return this.visits.get(visit.id(), new Actor("admin", Set.of(Role.ADMIN)))
			.history()
			.stream()
			.map((change) -> change.toStage().name())
			.toList();
	}

	/** Completes every pending Bitrix24 sync task of the visit, as the workers will. */
	protected int completeSyncTasks(Visit visit) {
		List<LockedExternalTask> tasks = this.externalTaskService.fetchAndLock(100, "test-worker")
			.topic(LifecycleModel.TOPIC_VISIT_ITEM, 60_000)
			.businessKey(visit.id().toString())
			.topic(LifecycleModel.TOPIC_CALENDAR_EVENT, 60_000)
			.businessKey(visit.id().toString())
			.execute();
		tasks.forEach((task) -> this.externalTaskService.complete(task.getId(), "test-worker"));
		return tasks.size();
	}

	protected long pendingSyncTasks(Visit visit) {
		return this.externalTaskService.createExternalTaskQuery()
			.processInstanceId(reload(visit).processInstanceId())
			.count();
	}

	/**
	 * The read model and the engine tell the same story: the stage in the read model is
	 * the stage the engine's waiting activity stands for.
	 */
	protected void assertReadModelAgreesWithEngine(Visit visit) {
		Visit stored = reload(visit);
		ProcessInstance instance = instance(visit);
		VisitStage expected;
		List<String> active = (instance != null) ? this.runtimeService.getActiveActivityIds(instance.getId())
				: List.of();
		if (active.contains(LifecycleModel.TASK_CONDUCT_VISIT)) {
			expected = VisitStage.IN_WORK;
		}
		else if (active.contains(LifecycleModel.TASK_RESOLVE_OVERDUE_VISIT)) {
			expected = VisitStage.OVERDUE;
		}
		else if (active.contains(LifecycleModel.TIMER_REPEAT_VISIT_DUE)) {
			expected = VisitStage.REPEAT_VISIT;
		}
		else if (active.contains(LifecycleModel.TIMER_IN_WORK_DUE)
				|| active.contains(LifecycleModel.TASK_REVIEW_VISIT_REQUEST)
				|| active.contains(LifecycleModel.TASK_REVISE_VISIT_REQUEST)) {
			expected = VisitStage.DRAFT;
		}
		else {
			// nothing open is waiting: the lifecycle is over, only syncs may still be
			// pending
			assertThat(stored.stage().isOpen())
				.as("open stage %s while the engine has closed the visit", stored.stage())
				.isFalse();
			assertThat(active).allMatch((id) -> id.startsWith("Task_Sync"));
			return;
		}
		assertThat(stored.stage()).as("read model stage while the engine waits at %s", active).isEqualTo(expected);
		assertThat(stored.processInstanceId()).isEqualTo(instance.getId());
	}

	protected String pid(Visit visit) {
		return reload(visit).processInstanceId();
	}

}
