package ru.visitflow.bitrix24.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Refused events can neither forge log lines nor flood the log. */
@ExtendWith(OutputCaptureExtension.class)
class RefusalLogTests {

	@Test
	void aValueWithLineBreaksCannotStartALineOfItsOwn(CapturedOutput output) {
		RefusalLog log = new RefusalLog(LoggerFactory.getLogger("refusal-test-1"), Duration.ofMinutes(1),
				Clock.systemUTC());
		log.warn("Refused a Bitrix24 event {} without the right application token",
				"ONCRMDYNAMICITEMADD\r\n2026-12-01 INFO FORGED admin logged in");
		assertThat(output.getOut()).contains("Refused a Bitrix24 event ONCRMDYNAMICITEMADD??2026-12-01 INFO FORGED");
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith("2026-12-01 INFO FORGED"));
	}

	@Test
	void aFloodOfRefusalsWritesOneWarningAMinuteAndCountsTheRest(CapturedOutput output) {
		Instant[] now = { Instant.parse("2026-12-01T10:00:00Z") };
		Clock clock = new Clock() {
			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now[0];
			}
		};
		RefusalLog log = new RefusalLog(LoggerFactory.getLogger("refusal-test-2"), Duration.ofMinutes(1), clock);
		for (int i = 0; i < 500; i++) {
			log.warn("Refused flood {}", i);
		}
		now[0] = now[0].plusSeconds(61);
		log.warn("Refused flood {}", "after");

		assertThat(output.getOut().lines().filter((line) -> line.contains("Refused flood"))).hasSize(2);
		assertThat(output.getOut()).contains("Refused flood after (499 more refused since the last warning)");
	}

}
