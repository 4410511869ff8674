package ru.visitflow.bitrix24.inbound;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the stored Bitrix24 events are worked off on each node.
 *
 * @param workers threads that handle events in parallel (each start or change in its own
 * transaction); every one may hold a database connection, so keep them well below the
 * connection pool
 * @param batchSize events one node claims at a time; smaller batches spread a burst over
 * the nodes sooner
 * @param claimDuration how long a claimed event stays this node's: a node that stops
 * mid-batch leaves its events to another after this long
 */
@Validated
@ConfigurationProperties("visitflow.bitrix24.inbox")
public record InboxProperties(@Positive @Max(64) @DefaultValue("4") int workers,
		@Positive @Max(1000) @DefaultValue("100") int batchSize, @NotNull @DefaultValue("2m") Duration claimDuration) {
}
