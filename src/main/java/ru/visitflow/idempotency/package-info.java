/**
 * Idempotent API calls: a state-changing {@code /api} request that carries an
 * {@code Idempotency-Key} header is applied once; the same key again returns the first
 * answer, the same key with another body is refused (422). Keys are kept per user in a
 * table, so a replay after a restart still finds them. The field app's outbox makes a key
 * on the phone for every queued action.
 */
package ru.visitflow.idempotency;
