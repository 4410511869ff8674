package ru.visitflow.route;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;

/**
 * Day routes.
 *
 * @param detourFactor straight-line distance times this is the road distance
 * @param averageSpeedKmh average speed in the city
 * @param osrmUrl an OSRM server ({@code /table/v1/driving}); empty: straight-line times
 * @param dayStart the working day's start in the rep's zone
 * @param dayEnd the working day's end (back at the end point)
 * @param fixedTypes visit types that are appointments: kept at their planned time
 * @param maxLinkPoints points per Yandex.Maps link; longer days are split into
 * consecutive legs
 * @param searchIterations at most this many jsprit iterations for a day
 * @param fixedTolerance how far a fixed appointment may move (0: not at all)
 * @param suggestions companies due for a visit offered along the route
 */
@Validated
@ConfigurationProperties("visitflow.route")
public record RouteProperties(@DecimalMin("1.0") double detourFactor, @Positive double averageSpeedKmh, String osrmUrl,
		@NotNull @DateTimeFormat(pattern = "HH:mm") LocalTime dayStart,
		@NotNull @DateTimeFormat(pattern = "HH:mm") LocalTime dayEnd, Set<String> fixedTypes, @Min(2) int maxLinkPoints,
		@Positive int searchIterations, Duration fixedTolerance, @Valid Suggestions suggestions) {

	public RouteProperties {
		fixedTypes = (fixedTypes != null) ? Set.copyOf(fixedTypes) : Set.of();
		fixedTolerance = (fixedTolerance != null) ? fixedTolerance : Duration.ZERO;
		suggestions = (suggestions != null) ? suggestions : new Suggestions(1500, 3, 200, "merchandising", 10);
	}

	/**
	 * Suggestions near the route: companies the coverage cadence says are due, overdue or
	 * never visited.
	 *
	 * @param withinMetres offered only within this straight-line distance of the route's
	 * legs
	 * @param defaultCount how many at most when the request does not say
	 * @param candidates at most this many companies due (most urgent first) are
	 * considered
	 * @param visitType the type of a suggested visit (its default duration is the stop's)
	 * @param maxCount the most a request may ask for
	 */
	public record Suggestions(@Positive int withinMetres, @Min(0) int defaultCount, @Min(1) int candidates,
			@NotBlank String visitType, @Min(0) int maxCount) {
	}

}
