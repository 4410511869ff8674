/**
 * Plans of visits: a supervisor sets a target for a period and a scope (one rep, the
 * team, a region), the visit requests are formed by the head or handed to the rep,
 * reviewed in one control step and become visits of origin PLAN; progress and the pace
 * check are kept here. The process itself is in {@code plan.process}
 * ({@code bpmn/visit-plan.bpmn}); this package owns the plan read model, its API and its
 * access rules.
 */
package ru.visitflow.plan;
