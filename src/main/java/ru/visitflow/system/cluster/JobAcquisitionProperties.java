package ru.visitflow.system.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How each node's job executor picks due jobs from the shared database, beyond the pool
 * and batch sizes of {@code camunda.bpm.job-execution.*}. All off by default: each one
 * adds an {@code ORDER BY} to every acquisition, which on a storm of thousands of due
 * timers sorts them all on every round, while without it the database stops at the first
 * {@code max-jobs-per-acquisition} rows it finds.
 *
 * @param preferTimerJobs timers before other jobs (asynchronous continuations): worth it
 * only when a backlog of other jobs would delay due timers
 * @param acquireByDueDate the oldest due jobs first, so no timer waits behind later ones
 * in a long backlog
 * @param acquireByPriority jobs by their priority (only when the model sets priorities)
 */
@Validated
@ConfigurationProperties("visitflow.job-acquisition")
public record JobAcquisitionProperties(@DefaultValue("false") boolean preferTimerJobs,
		@DefaultValue("false") boolean acquireByDueDate, @DefaultValue("false") boolean acquireByPriority) {
}
