/**
 * The visits REST API ({@code /api/visits}, attachments): thin controllers over
 * {@code VisitService}, their request and response shapes.
 */
package ru.visitflow.visit.api;
