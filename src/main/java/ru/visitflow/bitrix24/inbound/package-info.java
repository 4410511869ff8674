/**
 * Bitrix24 to Visitflow: the event and business-process endpoints, the inbox that stores
 * events and handles them after the answer, visits started and steered from smart-process
 * items, and the periodic reconciliation for events Bitrix24 never delivered.
 */
package ru.visitflow.bitrix24.inbound;
