package ru.visitflow.design;

import java.time.Instant;

/**
 * One recorded version of a guarded process model.
 *
 * @param origin {@code PACKAGED} (the application's own model, deployed at start) or
 * {@code DESIGNER}
 * @param deployedBy the user who deployed it through engine REST or Cockpit; empty for
 * the packaged model
 * @param replacedDefinitionId the version that was the latest before this one, if any
 */
public record ModelDeployment(String definitionId, String processKey, int version, String deploymentId,
		String deploymentName, String deploymentSource, String origin, String deployedBy, Instant deployedAt,
		String replacedDefinitionId, Integer replacedVersion, String replacedOrigin, Instant recordedAt) {

	public static final String PACKAGED = "PACKAGED";

	public static final String DESIGNER = "DESIGNER";

	/**
	 * A packaged model that took over from a designer's version, or a designer's that
	 * took over from the packaged.
	 */
	public boolean replacedTheOtherSide() {
		return this.replacedOrigin != null && !this.replacedOrigin.equals(this.origin);
	}

}
