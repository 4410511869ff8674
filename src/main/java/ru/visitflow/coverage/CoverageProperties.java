package ru.visitflow.coverage;

import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Cadence settings.
 *
 * @param segmentFrequencyDays days between visits per segment (A every 14 days, B 30, C
 * 90 by default)
 * @param defaultFrequencyDays for companies with neither their own frequency nor a
 * segment
 * @param dueWithinDays a company counts as due this many days before its next visit falls
 * due
 */
@Validated
@ConfigurationProperties("visitflow.coverage")
public record CoverageProperties(@NotEmpty Map<String, @Positive Integer> segmentFrequencyDays,
		@Positive int defaultFrequencyDays, @Positive int dueWithinDays) {

	public int frequencyOf(String segment, Integer ownFrequency) {
		if (ownFrequency != null) {
			return ownFrequency;
		}
		if (segment != null && this.segmentFrequencyDays.containsKey(segment)) {
			return this.segmentFrequencyDays.get(segment);
		}
		return this.defaultFrequencyDays;
	}

}
