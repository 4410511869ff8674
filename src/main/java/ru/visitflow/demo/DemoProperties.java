package ru.visitflow.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled create the demo team and visits on an empty embedded database (never on
 * PostgreSQL)
 * @param password the demo users' password, from configuration
 * ({@code VISITFLOW_DEMO_PASSWORD})
 * @param allowDemoAccounts with demo data off, demo accounts that still accept the demo
 * password stop the start unless this is true ({@code VISITFLOW_ALLOW_DEMO_ACCOUNTS});
 * then each start warns about them
 */
@ConfigurationProperties("visitflow.demo")
public record DemoProperties(boolean enabled, String password, boolean allowDemoAccounts) {
}
