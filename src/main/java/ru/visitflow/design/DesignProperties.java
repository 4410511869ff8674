package ru.visitflow.design;

import java.util.List;
import java.util.Locale;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of process design.
 *
 * @param guardEnabled whether deployments are checked at all (switch off only to rescue a
 * broken database)
 * @param guardedProcesses process keys the guard checks when a deployment contains them;
 * others pass untouched
 * @param packagedDeploymentName name of the application's own auto-deployment (Camunda's
 * default)
 * @param leadTimeDecision key of the decision that gives the lead times
 * @param messageLocale language of the guard's messages, which designers read in
 * Modeler's log
 */
@Validated
@ConfigurationProperties("visitflow.design")
public record DesignProperties(@DefaultValue("true") boolean guardEnabled, @DefaultValue( {
		"VisitLifecycle", "VisitPlan" }) List<String> guardedProcesses,
		@DefaultValue("SpringAutoDeployment") @NotBlank String packagedDeploymentName,
		@DefaultValue("VisitLeadTimes") @NotBlank String leadTimeDecision,
		@DefaultValue("ru") @NotNull Locale messageLocale){
}
