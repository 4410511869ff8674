/**
 * The Camunda adapter of the visit lifecycle: the BPMN model's names
 * ({@code LifecycleModel}), its delegates and listeners, timers, Tasklist filters and
 * form display. The only visit code that touches the engine API.
 */
package ru.visitflow.visit.process;
