/**
 * Visitflow to Bitrix24: the sync worker on the lifecycle's external tasks, which brings
 * each visit's item, calendar event and result comment to its current state (sync rows
 * claimed by lease, Bitrix24 called with no transaction open), and Bitrix24 tasks for a
 * visit.
 */
package ru.visitflow.bitrix24.outbound;
