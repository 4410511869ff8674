package ru.visitflow.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * One request a second for the whole application, by a clock the test moves; the public
 * server's policy.
 */
class RateLimiterTests {

	/** A clock that moves only when the limiter "sleeps". */
	static final class FakeTime extends Clock {

		Instant now = Instant.parse("2026-12-01T06:00:00Z");

		final List<Duration> sleeps = new ArrayList<>();

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		void sleep(Duration duration) {
			this.sleeps.add(duration);
			this.now = this.now.plus(duration);
		}

	}

	@Test
	void requestsAreSpacedByTheInterval() {
		FakeTime time = new FakeTime();
		RateLimiter limiter = new RateLimiter(Duration.ofSeconds(1), time, time::sleep);
		limiter.acquire();
		limiter.acquire();
		time.now = time.now.plusMillis(300);
		limiter.acquire();
		// the first goes at once, the second waits a second, the third the rest of its
		// second
		assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(700));
		time.now = time.now.plusSeconds(5);
		limiter.acquire();
		assertThat(time.sleeps).hasSize(2);
	}

	@Test
	void thePublicServerIsNeverAskedMoreThanOnceASecond() {
		GeoProperties.Nominatim publicServer = new GeoProperties.Nominatim("https://nominatim.openstreetmap.org",
				"Visitflow/1.0 (ops@example.ru)", Duration.ofMillis(100), "ru", "ru", Duration.ofSeconds(5));
		assertThat(publicServer.effectiveInterval()).isEqualTo(Duration.ofSeconds(1));
		GeoProperties.Nominatim own = new GeoProperties.Nominatim("http://nominatim.internal:8080", null,
				Duration.ofMillis(100), "ru", "ru", Duration.ofSeconds(5));
		assertThat(own.effectiveInterval()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void thePublicServerNeedsAnIdentifyingUserAgent() {
		GeoProperties.Nominatim anonymous = new GeoProperties.Nominatim("https://nominatim.openstreetmap.org", " ",
				Duration.ofSeconds(1), "ru", "ru", Duration.ofSeconds(5));
		assertThatThrownBy(() -> new NominatimGeocoder(anonymous,
				new RateLimiter(Duration.ofSeconds(1), Clock.systemUTC(), (d) -> {
				}), new ObjectMapper()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("user-agent");
	}

}
