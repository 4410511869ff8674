package ru.visitflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The one backoff: doubling from the first pause, capped, optionally jittered within its
 * share.
 */
class BackoffTests {

	@Test
	void doublesFromTheFirstPauseUpToTheCap() {
		Backoff backoff = Backoff.doubling(Duration.ofSeconds(2), Duration.ofSeconds(256));
		assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(4));
		assertThat(backoff.after(8)).isEqualTo(Duration.ofSeconds(256));
		assertThat(backoff.after(40)).isEqualTo(Duration.ofSeconds(256));
		assertThat(backoff.after(0)).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void jitterStaysWithinItsShareAndUnderTheCap() {
		Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(3000), 0.2);
		for (int i = 0; i < 200; i++) {
			assertThat(backoff.after(1).toMillis()).isBetween(800L, 1200L);
			assertThat(backoff.after(3).toMillis()).isBetween(3000L * 8 / 10, 3000L);
		}
	}

	@Test
	void nonsenseIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Backoff.doubling(Duration.ofSeconds(5), Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO, 1.5));
	}

}
