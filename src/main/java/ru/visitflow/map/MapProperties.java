package ru.visitflow.map;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The map's settings.
 *
 * @param tileUrl the tile server ({@code {z}/{x}/{y}}); OpenStreetMap's own servers are
 * for light use only, a production deployment points this at its own or a paid tile
 * server
 * @param tileAttribution shown in the map's corner (HTML)
 * @param centerLatitude where the map opens when nothing is visible
 * @param centerLongitude where the map opens when nothing is visible
 * @param companyCardUrl the Bitrix24 company card, {@code {id}} replaced by the company
 * id
 * @param popupFields company fields shown in the popup, in order: address, city, region,
 * postalCode, phones, emails, source
 * @param recentDays a last completed visit at most this old is "recent" (yellow)
 * @param olderDays at most this old is "older" (orange); beyond it "stale" (brown)
 * @param clusterCellPixels the size of a cluster's cell on screen
 * @param maxClusterZoom from this zoom on every marker is sent on its own
 * @param refresh how often the marker index is read again from the database
 */
@Validated
@ConfigurationProperties("visitflow.map")
public record MapProperties(@NotBlank String tileUrl, @NotNull String tileAttribution, double centerLatitude,
		double centerLongitude, @NotNull String companyCardUrl, @NotNull List<String> popupFields,
		@Positive int recentDays, @Positive int olderDays, @Min(8) @Max(512) int clusterCellPixels,
		@Min(1) @Max(22) int maxClusterZoom, @NotNull Duration refresh) {
}
