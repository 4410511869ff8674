package ru.visitflow.visit;

import java.time.Duration;
import java.time.Period;

/**
 * The lead times the model hands to "plan stage timers" (configuration unless a designer
 * overrides them).
 */
public record StageTimers(Period inWorkLeadTime, Period repeatVisitLeadTime, Duration overdueGracePeriod) {
}
