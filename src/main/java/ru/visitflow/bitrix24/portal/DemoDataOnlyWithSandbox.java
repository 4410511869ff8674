package ru.visitflow.bitrix24.portal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import ru.visitflow.system.DemoDataGuard;

/**
 * Demo data belongs to the sandbox: with a real portal configured it would be synced into
 * the customer's CRM.
 */
@Component
class DemoDataOnlyWithSandbox implements DemoDataGuard {

	private final Bitrix24Properties properties;

	DemoDataOnlyWithSandbox(Bitrix24Properties properties) {
		this.properties = properties;
	}

	@Override
	public Optional<String> refusal() {
		return this.properties.usesSandbox() ? Optional.empty()
				: Optional.of("a Bitrix24 portal is configured (demo data belongs to the sandbox)");
	}

}
