/**
 * The Bitrix24 portal's request budget, shared by every Visitflow node: the portal counts requests per portal
 * (a leaky bucket: 2 requests/s, burst 50 on most plans), not per node, so the nodes reserve their send times
 * from one bucket kept in the database; an operating-limit pause one node meets holds for all.
 */
package ru.visitflow.bitrix24.budget;
