package ru.visitflow.identity;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Wrong passwords per client address: after {@code maxFailures} for one user (or
 * {@code maxClientFailures} for any users) within {@code window}, that address waits
 * {@code lock} before trying again, doubling with every further lock up to
 * {@code maxLock}. Locks expire by themselves; an account is never locked for good, and
 * the right password from another address always works.
 */
@Validated
@ConfigurationProperties("visitflow.identity.login-throttle")
public record LoginThrottleProperties(@Min(1) int maxFailures, @Min(1) int maxClientFailures, @NotNull Duration window,
		@NotNull Duration lock, @NotNull Duration maxLock) {
}
