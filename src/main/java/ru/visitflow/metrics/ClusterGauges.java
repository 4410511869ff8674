package ru.visitflow.metrics;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.VisitStage;
import ru.visitflow.visit.process.LifecycleModel;

/**
 * The cluster-wide gauges, the same on every node (they read the shared database):
 * Prometheus may scrape any node, and a dashboard takes {@code max} over instances.
 */
@Component
class ClusterGauges implements MeterBinder {

	static final List<String> TOPICS = List.of(LifecycleModel.TOPIC_VISIT_ITEM, LifecycleModel.TOPIC_CALENDAR_EVENT);

	static final List<String> INCIDENT_TYPES = List.of("failedJob", "failedExternalTask");

	private final OperationsSnapshot snapshot;

	ClusterGauges(OperationsSnapshot snapshot) {
		this.snapshot = snapshot;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String topic : TOPICS) {
			gauge(registry, "visitflow.external.tasks.waiting", "External tasks fetchable now, per topic",
					(f) -> f.externalTasksWaiting().getOrDefault(topic, 0L))
				.tag("topic", topic)
				.register(registry);
			gauge(registry, "visitflow.external.tasks.locked", "External tasks held by a worker, per topic",
					(f) -> f.externalTasksLocked().getOrDefault(topic, 0L))
				.tag("topic", topic)
				.register(registry);
		}
		for (String type : INCIDENT_TYPES) {
			gauge(registry, "visitflow.incidents.open", "Open incidents in Camunda, per type",
					(f) -> f.incidents().getOrDefault(type, 0L))
				.tag("type", type)
				.register(registry);
		}
		gauge(registry, "visitflow.jobs.due", "Jobs (timers, async steps) due and not locked", (f) -> f.jobsDue())
			.register(registry);
		gauge(registry, "visitflow.jobs.failed", "Jobs out of retries", (f) -> f.jobsFailed()).register(registry);
		gauge(registry, "visitflow.inbox.depth", "Bitrix24 events waiting to be handled", (f) -> f.inboxDepth())
			.register(registry);
		gauge(registry, "visitflow.inbox.age", "Age of the oldest Bitrix24 event waiting", (f) -> f.inboxAgeSeconds())
			.baseUnit("seconds")
			.register(registry);
		for (VisitStage stage : VisitStage.values()) {
			gauge(registry, "visitflow.visits", "Visits per stage", (f) -> f.visitsByStage().getOrDefault(stage, 0L))
				.tag("stage", stage.name())
				.register(registry);
		}
		gauge(registry, "visitflow.sync.behind", "Visits whose latest change Bitrix24 has not got yet",
				(f) -> f.syncBehind())
			.register(registry);
		gauge(registry, "visitflow.sync.lag", "Age of the oldest change not yet in Bitrix24", (f) -> f.syncLagSeconds())
			.baseUnit("seconds")
			.register(registry);
	}

	private Gauge.Builder<OperationsSnapshot> gauge(MeterRegistry registry, String name, String description,
			ToDoubleFunction<OperationsSnapshot.Figures> value) {
		return Gauge.builder(name, this.snapshot, (s) -> value.applyAsDouble(s.figures())).description(description);
	}

}
