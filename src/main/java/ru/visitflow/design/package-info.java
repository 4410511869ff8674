/**
 * Process design: what lets designers change the lifecycle from Camunda Modeler safely.
 * The deployment guard (an engine plugin that refuses models breaking what Visitflow
 * relies on), the contract of each guarded model, the bookkeeping of who deployed which
 * version and what a packaged model replaced on restart, the facts the lead-time decision
 * reads, and moving running visits to the latest version with their timers recalculated.
 */
package ru.visitflow.design;
