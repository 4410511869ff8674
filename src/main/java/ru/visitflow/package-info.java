/**
 * Visitflow: the lifecycle of field-sales visits on an embedded Camunda 7 engine, kept in
 * step with Bitrix24.
 * <p>
 * One package per capability; dependencies point into the domain ({@code system} ←
 * {@code identity} ← {@code company} ← {@code visit}); the capabilities built on it
 * ({@code field}, {@code map}, {@code route}, {@code plan}, {@code dashboard},
 * {@code sales}, {@code web}, {@code demo}) use it and never Bitrix24; only
 * {@code bitrix24} speaks Bitrix24; nothing depends on the {@code sandbox}.
 * {@code ArchitectureTests} checks these rules.
 */
package ru.visitflow;
