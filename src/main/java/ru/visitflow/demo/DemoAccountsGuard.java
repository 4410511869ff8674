package ru.visitflow.demo;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import ru.visitflow.identity.StoredPasswords;

/**
 * Demo logins must not survive into production: with demo data off (or on PostgreSQL), a
 * start on a database where a demo account ({@code admin}, {@code rep1}, ...) still opens
 * with the demo password is refused, naming the accounts and what to do; with
 * {@code visitflow.demo.allow-demo-accounts=true} it only warns, loudly, at every start.
 * Runs after the configured administrator password has been applied.
 */
@Component
class DemoAccountsGuard {

	private static final Logger logger = LoggerFactory.getLogger(DemoAccountsGuard.class);

	private final DemoProperties properties;

	private final DemoData demo;

	private final StoredPasswords passwords;

	DemoAccountsGuard(DemoProperties properties, DemoData demo, StoredPasswords passwords) {
		this.properties = properties;
		this.demo = demo;
		this.passwords = passwords;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(5)
	public void check() {
		if (this.demo.isDemo() || this.properties.password() == null || this.properties.password().isEmpty()) {
			return;
		}
		List<String> open = DemoData.DEMO_USERS.stream()
			.filter((user) -> this.passwords.is(user, this.properties.password()))
			.toList();
		if (open.isEmpty()) {
			return;
		}
		String message = "Demo data is off, but the demo accounts " + open + " still log in with the demo password. "
				+ "Change their passwords or delete them in Camunda Admin (the administrator's with "
				+ "VISITFLOW_ADMIN_USER/VISITFLOW_ADMIN_PASSWORD), or set VISITFLOW_ALLOW_DEMO_ACCOUNTS=true to start anyway.";
		if (this.properties.allowDemoAccounts()) {
			logger.warn("SECURITY: {}", message);
			return;
		}
		throw new IllegalStateException(message);
	}

}
