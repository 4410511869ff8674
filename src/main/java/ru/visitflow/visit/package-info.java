/**
 * The visit domain: the visit and its read model, stages and their schedule, results and
 * attachments, who may see and change what ({@code VisitAccess}), and the port to the
 * lifecycle engine ({@code VisitLifecycle}). Knows nothing of Bitrix24 or of the engine's
 * API.
 */
package ru.visitflow.visit;
