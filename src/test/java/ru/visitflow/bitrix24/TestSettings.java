package ru.visitflow.bitrix24;

import java.time.Duration;
import java.util.Map;

/** Settings for client tests: fast retries, a limiter that does not get in the way unless asked to. */
final class TestSettings {

	static final Bitrix24Properties.RateLimit NO_LIMIT = new Bitrix24Properties.RateLimit(1000, 2000);

	static final Bitrix24Properties.Retry FAST_RETRY = new Bitrix24Properties.Retry(3, Duration.ofMillis(1),
			Duration.ofMillis(5));

	static final Bitrix24Properties.Timeouts TIMEOUTS = new Bitrix24Properties.Timeouts(Duration.ofSeconds(2),
			Duration.ofSeconds(2));

	private TestSettings() {
	}

	/** Only what the client reads is set. */
	static Bitrix24Properties properties(String webhookUrl) {
		return new Bitrix24Properties(webhookUrl, 1036, null, Map.of(), null, null, null,
				new Bitrix24Properties.RateLimit(2, 50), FAST_RETRY, TIMEOUTS, null, null, null);
	}

}
