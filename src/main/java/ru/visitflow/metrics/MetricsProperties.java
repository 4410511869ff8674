package ru.visitflow.metrics;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param refreshInterval the database-backed gauges are read at most this often, whatever
 * the scrape rate
 */
@Validated
@ConfigurationProperties("visitflow.metrics")
public record MetricsProperties(@NotNull @DefaultValue("10s") Duration refreshInterval) {
}
