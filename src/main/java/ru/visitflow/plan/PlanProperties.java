package ru.visitflow.plan;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Plan settings.
 *
 * @param paceCheckAt where in the period the pace check runs, as a share of it (0.5 =
 * mid-month); the model's timer reads the instant computed from it
 * @param paceTolerance how far below the straight pace line a plan may be before it
 * counts as behind (0.1 = 10%)
 * @param suggestionLimit how many coverage suggestions the forming task offers
 * @param notificationWorkerEnabled whether this node sends the "plan behind"
 * notifications to Bitrix24
 * @param notificationPollInterval how often the notification worker looks for work
 */
@Validated
@ConfigurationProperties("visitflow.plan")
public record PlanProperties(@DecimalMin("0.05") @DecimalMax("0.95") double paceCheckAt,
		@DecimalMin("0.0") @DecimalMax("0.9") double paceTolerance, @Positive int suggestionLimit,
		boolean notificationWorkerEnabled, @NotNull Duration notificationPollInterval) {

}
