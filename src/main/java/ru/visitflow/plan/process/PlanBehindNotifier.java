package ru.visitflow.plan.process;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import ru.visitflow.identity.PersonalTasks;
import ru.visitflow.identity.UserDirectory;
import ru.visitflow.plan.Plan;
import ru.visitflow.plan.PlanProperties;
import ru.visitflow.plan.PlanService;

/**
 * Works the plan's "tell the head in Bitrix24" external tasks: the Bitrix24 call happens
 * here, outside any database transaction, and a failure is retried with growing pauses
 * before it becomes an incident in Cockpit.
 */
@Component
@EnableScheduling
public class PlanBehindNotifier {

	private static final Logger logger = LoggerFactory.getLogger(PlanBehindNotifier.class);

	private static final int RETRIES = 5;

	private static final Locale RU = Locale.forLanguageTag("ru");

	private final ExternalTaskService externalTasks;

	private final PlanService plans;

	private final PersonalTasks notifications;

	private final UserDirectory users;

	private final PlanProperties properties;

	private final MessageSource messages;

	private final String workerId = "plan-" + UUID.randomUUID().toString().substring(0, 8);

	PlanBehindNotifier(ExternalTaskService externalTasks, PlanService plans, PersonalTasks notifications,
			UserDirectory users, PlanProperties properties, MessageSource messages) {
		this.externalTasks = externalTasks;
		this.plans = plans;
		this.notifications = notifications;
		this.users = users;
		this.properties = properties;
		this.messages = messages;
	}

	@Scheduled(fixedDelayString = "${visitflow.plan.notification-poll-interval}", initialDelayString = "PT10S")
	void poll() {
		if (this.properties.notificationWorkerEnabled()) {
			notifyOnce();
		}
	}

	/** One round; returns how many notifications were sent. */
	public int notifyOnce() {
		List<LockedExternalTask> tasks = this.externalTasks.fetchAndLock(10, this.workerId)
			.topic(PlanModel.TOPIC_PLAN_BEHIND, 60_000)
			.variables(PlanModel.PLAN_ID)
			.execute();
		int sent = 0;
		for (LockedExternalTask task : tasks) {
			try {
				Plan plan = this.plans.load(UUID.fromString(task.getVariables().get(PlanModel.PLAN_ID).toString()));
				Long head = this.users.bitrix24UserOf(plan.supervisorId()).orElse(null);
				if (head != null) {
					this.notifications.assign(head, this.messages.getMessage("plan.behind.title", null, RU),
							this.plans.behindMessage(plan));
					sent++;
				}
				else {
					logger.warn("Plan {} is behind but its supervisor has no Bitrix24 user; no notification sent",
							plan.id());
				}
				this.externalTasks.complete(task.getId(), this.workerId);
			}
			catch (RuntimeException ex) {
				int retries = (task.getRetries() == null) ? RETRIES : task.getRetries() - 1;
				long pause = 60_000L * (1L << Math.max(0, RETRIES - retries));
				String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
				this.externalTasks.handleFailure(task.getId(), this.workerId,
						message.substring(0, Math.min(500, message.length())), Math.max(0, retries), pause);
			}
		}
		return sent;
	}

}
