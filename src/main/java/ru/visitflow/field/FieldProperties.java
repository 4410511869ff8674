package ru.visitflow.field;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Check-in verification and the field app's reach.
 *
 * @param onSiteRadiusMeters within this distance of the company a check-in is "on site"
 * (soft geofence: outside it the check-in is still taken, and flagged)
 * @param farAwayMeters beyond this a check-in is graded "far away"
 * @param goodAccuracyMeters a check-in at least this accurate may propose a location for
 * a company without one
 * @param maxSpeedKmh faster than this between consecutive check-ins looks forged
 * @param maxClockSkew a device clock further than this from the server's looks forged
 * @param maxPositionAge a position older than this when the action was taken is a cached
 * fix
 * @param offlineDays how many days ahead the app keeps for offline work
 */
@Validated
@ConfigurationProperties("visitflow.field")
public record FieldProperties(@DefaultValue("150") @Min(10) @Max(100000) int onSiteRadiusMeters,
		@DefaultValue("9000") @Min(100) int farAwayMeters, @DefaultValue("50") @Min(1) int goodAccuracyMeters,
		@DefaultValue("150") @Min(10) int maxSpeedKmh, @DefaultValue("PT5M") @NotNull Duration maxClockSkew,
		@DefaultValue("PT2M") @NotNull Duration maxPositionAge, @DefaultValue("7") @Min(1) @Max(31) int offlineDays) {
}
