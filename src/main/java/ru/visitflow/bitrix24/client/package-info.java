/**
 * The Bitrix24 REST client over an inbound webhook: calls, {@code batch}, paged scans,
 * the client-side leaky bucket, retries, and Bitrix24's errors as typed exceptions. Knows
 * nothing of Visitflow's domain.
 */
package ru.visitflow.bitrix24.client;
