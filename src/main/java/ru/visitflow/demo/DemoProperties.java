package ru.visitflow.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled create the demo team and visits on an empty embedded database (never on PostgreSQL)
 * @param password the demo users' password, from configuration ({@code VISITFLOW_DEMO_PASSWORD})
 */
@ConfigurationProperties("visitflow.demo")
public record DemoProperties(boolean enabled, String password) {
}
