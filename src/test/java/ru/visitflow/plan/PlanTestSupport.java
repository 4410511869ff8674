package ru.visitflow.plan;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.Role;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.identity.UserProfile;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * Plans on the real application; the clock is the engine's, timers are run by hand when
 * due.
 */
public abstract class PlanTestSupport extends LifecycleTestSupport {

	private static final AtomicLong companies = new AtomicLong(System.nanoTime() % 100_000_000L + 1_100_000_000L);

	private static final AtomicLong reps = new AtomicLong(1000);

	@Autowired
	protected PlanService plans;

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private UserDirectory users;

	/**
	 * A rep of head1's team of its own, so that counts of one test never include
	 * another's visits.
	 */
	protected Actor newRep() {
		long n = reps.incrementAndGet();
		String id = "planrep" + n;
		this.identity.ensureUser(id, "Пётр", "Планов", "secret", List.of(Role.REP.groupId()));
		this.users.saveProfile(new UserProfile(id, 10_000L + n, MOSCOW, "head1", "Москва"));
		return new Actor(id, Set.of(Role.REP));
	}

	protected long bitrix24Id(Actor rep) {
		return this.users.bitrix24UserOf(rep.userId()).orElseThrow();
	}

	@Autowired
	protected JdbcClient jdbc;

	protected static Instant moscow(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atZone(MOSCOW).toInstant();
	}

	protected Plan planFor(String repId, int target, PlanFormer formedBy) {
		return this.plans.create(new NewPlan(PlanScope.REP, repId, null, null, null, null, target, Map.of(), formedBy),
				HEAD);
	}

	protected PlanRequest propose(Plan plan, String plannedStart, Actor actor) {
		return this.plans.addRequest(plan.id(), new NewPlanRequest(companies.incrementAndGet(), "ООО «План»", null,
				"meeting", plannedStart, "По плану", null), actor);
	}

	/** A mirrored company whose Bitrix24 responsible is {@code bitrix24UserId}. */
	protected long company(String title, long bitrix24UserId) {
		long id = companies.incrementAndGet();
		this.jdbc.sql("""
				insert into company (id, title, assigned_by_id, region, synced_at)
				values (?, ?, ?, 'Москва', current_timestamp)
				""").params(id, title, bitrix24UserId).update();
		return id;
	}

	protected Plan reload(Plan plan) {
		return this.plans.load(plan.id());
	}

	protected ProcessInstance instance(Plan plan) {
		return this.runtimeService.createProcessInstanceQuery()
			.processInstanceBusinessKey(plan.id().toString())
			.singleResult();
	}

	protected Task task(Plan plan) {
		return this.taskService.createTaskQuery().processInstanceBusinessKey(plan.id().toString()).singleResult();
	}

	protected List<PlanRequest> requests(Plan plan) {
		return this.plans.get(plan.id(), HEAD).requests();
	}

	protected PlanRequest request(Plan plan, UUID id) {
		return requests(plan).stream().filter((r) -> r.id().equals(id)).findFirst().orElseThrow();
	}

	/** Moves the engine clock and runs the plan's timers that are due by then. */
	protected void moveClockTo(Instant when, Plan plan) {
		ClockUtil.setCurrentTime(Date.from(when));
		List<Job> due = this.managementService.createJobQuery()
			.processInstanceId(reload(plan).processInstanceId())
			.timers()
			.executable()
			.list();
		due.forEach((job) -> this.managementService.executeJob(job.getId()));
	}

	protected Job planTimer(Plan plan, String activityId) {
		return this.managementService.createJobQuery()
			.processInstanceId(reload(plan).processInstanceId())
			.activityId(activityId)
			.singleResult();
	}

}
