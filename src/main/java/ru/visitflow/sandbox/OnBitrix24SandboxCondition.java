package ru.visitflow.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** See {@link ConditionalOnBitrix24Sandbox}. */
class OnBitrix24SandboxCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String webhookUrl = environment.getProperty("visitflow.bitrix24.webhook-url", "");
		if (!webhookUrl.isBlank()) {
			return ConditionOutcome.noMatch("a Bitrix24 webhook URL is configured");
		}
		if (!environment.getProperty("visitflow.bitrix24.sandbox.enabled", Boolean.class, false)) {
			return ConditionOutcome.noMatch("visitflow.bitrix24.sandbox.enabled is not true");
		}
		return ConditionOutcome.match("no Bitrix24 webhook URL and the sandbox is enabled");
	}

}
