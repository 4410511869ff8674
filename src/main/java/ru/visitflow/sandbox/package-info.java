/**
 * The built-in Bitrix24 sandbox, a separate module of the product: an emulator of the
 * REST methods Visitflow uses, with Bitrix24's documented shapes, errors, limits,
 * {@code batch}, paging and outgoing events, a demo portal and a page to act as a portal
 * user. Switched on only by {@code visitflow.bitrix24.sandbox.enabled} (on in the
 * embedded default, off in the {@code postgres} profile and docker-compose). It knows
 * Bitrix24's published shapes only: it imports nothing of Visitflow but the wire format
 * ({@code bitrix24.wire}), and nothing imports it; Visitflow reaches it over HTTP like
 * any portal.
 */
package ru.visitflow.sandbox;
