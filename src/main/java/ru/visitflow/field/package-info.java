/**
 * The reps' field app: the day and the calendar on a phone ({@code /field}), the visit
 * screen with check-in and check-out verified against the company's location (grades,
 * forged-position flags, proposed locations), unplanned visits, the rep's numbers against
 * a monthly target, and the JSON API under it ({@code /api/field}). Offline work (service
 * worker, IndexedDB outbox) lives in {@code static/field}.
 */
package ru.visitflow.field;
