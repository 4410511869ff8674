package ru.visitflow.idempotency;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long an answer is kept for a replay of its key, and how long a request may hold its
 * key before a retry may take over (a crashed node never finishes its request).
 */
@Validated
@ConfigurationProperties("visitflow.idempotency")
public record IdempotencyProperties(@DefaultValue("P7D") @NotNull Duration retention,
		@DefaultValue("PT2M") @NotNull Duration inFlightTimeout,
		@DefaultValue("PT1H") @NotNull Duration cleanupInterval) {
}
