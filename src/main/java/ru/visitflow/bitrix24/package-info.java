/**
 * Visitflow's Bitrix24 integration, the only code that speaks Bitrix24, split by
 * capability: {@code client} (HTTP, errors, limits), {@code wire} (the wire format,
 * shared with the sandbox), {@code portal} (how the portal is laid out: settings, stage
 * map), {@code outbound} (visits to items, calendars, tasks), {@code inbound} (events,
 * the inbox, visits from items, reconciliation), {@code company} (the company mirror and
 * card edits). Here: the background schedule, health and the problem details of Bitrix24
 * failures.
 */
package ru.visitflow.bitrix24;
