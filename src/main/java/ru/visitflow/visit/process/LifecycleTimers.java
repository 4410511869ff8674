package ru.visitflow.visit.process;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.LifecycleProperties;

/**
 * The configured lead times as ISO-8601 strings, for the model's expressions
 * ({@code ${lifecycleTimers.inWorkLeadTime}}): configuration gives the default, the model
 * may override it.
 */
@Component("lifecycleTimers")
public class LifecycleTimers {

	private final LifecycleProperties properties;

	LifecycleTimers(LifecycleProperties properties) {
		this.properties = properties;
	}

	public String getInWorkLeadTime() {
		return this.properties.inWorkLeadTime().toString();
	}

	public String getRepeatVisitLeadTime() {
		return this.properties.repeatVisitLeadTime().toString();
	}

	public String getOverdueGracePeriod() {
		return this.properties.overdueGracePeriod().toString();
	}

	public String getOverdueRetention() {
		return this.properties.overdueRetention().toString();
	}

}
