/**
 * The plan process on Camunda ({@code bpmn/visit-plan.bpmn}): starting it, completing its
 * forming and control tasks, and the delegates and listeners its steps call. Thin: every
 * decision is made by {@link ru.visitflow.plan.PlanService}.
 */
package ru.visitflow.plan.process;
