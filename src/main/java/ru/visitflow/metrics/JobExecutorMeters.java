package ru.visitflow.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.metrics.Meter;
import org.camunda.bpm.engine.management.Metrics;

import org.springframework.stereotype.Component;

/**
 * This node's job executor as counters: acquisition attempts, jobs acquired, acquisitions
 * lost to another node (optimistic locking), jobs run and failed, jobs rejected for lack
 * of threads. The engine counts these in meters that its database reporter reads and
 * clears every few minutes; this plugin puts in meters that also keep a running total, so
 * the counters only grow.
 */
@Component
class JobExecutorMeters extends AbstractProcessEnginePlugin implements MeterBinder {

	private static final Map<String, String[]> COUNTERS = Map.of(Metrics.JOB_ACQUISITION_ATTEMPT,
			new String[] { "camunda.job.acquisition.attempts", "", "Acquisition rounds of the job executor" },
			Metrics.JOB_ACQUIRED_SUCCESS,
			new String[] { "camunda.job.acquisitions", "success", "Jobs acquired (locked) by this node" },
			Metrics.JOB_ACQUIRED_FAILURE,
			new String[] { "camunda.job.acquisitions", "failure", "Jobs another node locked first" },
			Metrics.JOB_SUCCESSFUL, new String[] { "camunda.job.executions", "success", "Jobs run by this node" },
			Metrics.JOB_FAILED, new String[] { "camunda.job.executions", "failure", "Job runs that failed" },
			Metrics.JOB_EXECUTION_REJECTED,
			new String[] { "camunda.job.rejections", "", "Jobs acquired but rejected: no free thread" },
			Metrics.JOB_LOCKED_EXCLUSIVE,
			new String[] { "camunda.job.locked.exclusive", "", "Exclusive jobs of one instance run together" });

	private final Map<String, TotalingMeter> meters = new ConcurrentHashMap<>();

	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		for (String name : COUNTERS.keySet()) {
			TotalingMeter meter = this.meters.computeIfAbsent(name, TotalingMeter::new);
			configuration.getMetricsRegistry().getDbMeters().put(name, meter);
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		COUNTERS.forEach((engineName, meter) -> {
			TotalingMeter source = this.meters.computeIfAbsent(engineName, TotalingMeter::new);
			FunctionCounter.Builder<TotalingMeter> builder = FunctionCounter
				.builder(meter[0], source, TotalingMeter::total)
				.description(meter[2]);
			if (!meter[1].isEmpty()) {
				builder.tag(meter[0].endsWith("executions") ? "outcome" : "result", meter[1]);
			}
			builder.register(registry);
		});
	}

	/** The engine's meter, plus a total that {@link #getAndClear()} leaves alone. */
	static final class TotalingMeter extends Meter {

		private final AtomicLong total = new AtomicLong();

		TotalingMeter(String name) {
			super(name);
		}

		@Override
		public void markTimes(long times) {
			super.markTimes(times);
			this.total.addAndGet(times);
		}

		@Override
		public void mark() {
			markTimes(1);
		}

		long total() {
			return this.total.get();
		}

	}

}
