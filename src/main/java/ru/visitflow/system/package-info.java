/**
 * What every capability shares and nothing of Visitflow: the API error answers (problem
 * details), the exceptions they come from, the clock (the engine clock, so timers and
 * "today" agree), scheduling, the shared column helpers. Depends on no other Visitflow
 * package.
 */
package ru.visitflow.system;
