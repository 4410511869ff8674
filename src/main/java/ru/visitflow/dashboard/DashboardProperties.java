package ru.visitflow.dashboard;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Dashboard and feed settings.
 *
 * @param conversionDays a visit counts as converted when its company has a sale within
 * this many days after it
 * @param feedTokens the Power BI feed's consumers: name to token (give tokens through the
 * environment); empty turns the feed off
 * @param feedRequestsPerMinute each consumer's limit on feed requests
 * @param feedTimeout how long a feed request waits for a permit before it is answered 429
 */
@Validated
@ConfigurationProperties("visitflow.dashboard")
public record DashboardProperties(@Min(1) @Max(365) int conversionDays, Map<String, String> feedTokens,
		@Positive int feedRequestsPerMinute, @NotNull Duration feedTimeout) {

	public DashboardProperties {
		feedTokens = (feedTokens != null) ? Map.copyOf(feedTokens) : Map.of();
	}

}
