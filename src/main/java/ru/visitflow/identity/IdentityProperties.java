package ru.visitflow.identity;

import java.time.ZoneId;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultTimeZone the zone of users without a profile
 * @param adminUser an administrator created at startup when both it and
 * {@code adminPassword} are set
 * @param adminPassword from the environment ({@code VISITFLOW_ADMIN_PASSWORD}), never
 * logged
 */
@Validated
@ConfigurationProperties("visitflow.identity")
public record IdentityProperties(@NotNull ZoneId defaultTimeZone, String adminUser, String adminPassword) {
}
