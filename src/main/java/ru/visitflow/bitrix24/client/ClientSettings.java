package ru.visitflow.bitrix24.client;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * How the client treats the portal: its leaky bucket, retries of one call and HTTP
 * timeouts.
 *
 * @param rateLimit the client-side leaky bucket (2/s and 50 by default; 5/s and 250 on
 * Enterprise)
 * @param retry retries of transient failures of one call
 * @param timeouts HTTP timeouts; Bitrix24 cuts a request at 60 s
 */
public record ClientSettings(RateLimit rateLimit, Retry retry, Timeouts timeouts) {

	public record RateLimit(@Positive double requestsPerSecond, @Positive int burst) {
	}

	public record Retry(@Positive int maxAttempts, @NotNull Duration initialBackoff, @NotNull Duration maxBackoff) {
	}

	public record Timeouts(@NotNull Duration connect, @NotNull Duration read) {
	}

}
