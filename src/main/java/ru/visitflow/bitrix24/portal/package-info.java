/**
 * How Visitflow's portal is laid out and reached: the settings
 * ({@code visitflow.bitrix24}), the Visit smart process's stage map checked against the
 * portal, and the client wired for the configured webhook or the sandbox.
 */
package ru.visitflow.bitrix24.portal;
