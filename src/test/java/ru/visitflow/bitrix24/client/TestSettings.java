package ru.visitflow.bitrix24.client;

import java.time.Duration;

/**
 * Settings for client tests: fast retries, a limiter that does not get in the way unless
 * asked to.
 */
final class TestSettings {

	static final ClientSettings.RateLimit NO_LIMIT = new ClientSettings.RateLimit(1000, 2000);

	static final ClientSettings.Retry FAST_RETRY = new ClientSettings.Retry(3, Duration.ofMillis(1),
			Duration.ofMillis(5));

	static final ClientSettings.Timeouts TIMEOUTS = new ClientSettings.Timeouts(Duration.ofSeconds(2),
			Duration.ofSeconds(2));

	private TestSettings() {
	}

	/** The defaults' rate limit with fast retries. */
	static ClientSettings settings() {
		return new ClientSettings(new ClientSettings.RateLimit(2, 50), FAST_RETRY, TIMEOUTS);
	}

}
