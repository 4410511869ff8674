package ru.visitflow.geo;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Geocoding settings.
 *
 * @param geocoder {@code none} (the default: no outside service) or {@code nominatim}
 * @param nominatim where Nominatim is and how to ask it
 * @param queue the background geocoding queue
 */
@Validated
@ConfigurationProperties("visitflow.geo")
public record GeoProperties(@NotNull Provider geocoder, @NotNull @Valid Nominatim nominatim,
		@NotNull @Valid Queue queue) {

	public enum Provider {

		NONE, NOMINATIM

	}

	/**
	 * @param url a self-hosted Nominatim, or the public
	 * {@code https://nominatim.openstreetmap.org}
	 * @param userAgent identifies Visitflow and its operator (the public server's usage
	 * policy requires it)
	 * @param minInterval pause between requests; never less than 1 s for the public
	 * server
	 * @param countryCodes limits results, e.g. {@code ru}
	 * @param language {@code accept-language}
	 * @param timeout per request
	 */
	public record Nominatim(@NotNull String url, String userAgent, @NotNull Duration minInterval, String countryCodes,
			String language, @NotNull Duration timeout) {

		public boolean isPublicServer() {
			return this.url.contains("nominatim.openstreetmap.org");
		}

		/**
		 * The public server's policy: one request a second for the whole application at
		 * most.
		 */
		public Duration effectiveInterval() {
			Duration floor = isPublicServer() ? Duration.ofSeconds(1) : Duration.ZERO;
			return (this.minInterval.compareTo(floor) < 0) ? floor : this.minInterval;
		}

	}

	/**
	 * @param enabled run the queue in the background (tests drive it by hand)
	 * @param pollInterval pause between rounds when nothing was due
	 * @param perRound tasks worked per round
	 * @param maxAttempts transient failures before a task is kept as failed
	 * @param retryBackoff first pause after a transient failure; it doubles with each
	 * attempt
	 */
	public record Queue(boolean enabled, @NotNull Duration pollInterval, @Positive int perRound,
			@Positive int maxAttempts, @NotNull Duration retryBackoff) {
	}

}
