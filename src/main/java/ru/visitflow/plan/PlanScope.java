package ru.visitflow.plan;

/**
 * Whose visits a plan counts: one rep's, the supervisor's whole team's, or those in one
 * region.
 */
public enum PlanScope {

	REP, TEAM, REGION

}
