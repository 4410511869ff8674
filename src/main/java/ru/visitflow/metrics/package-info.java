/**
 * What Visitflow tells Prometheus ({@code /actuator/prometheus}): the state of the
 * cluster read from the shared database (external tasks waiting, incidents, due and
 * failed jobs, the Bitrix24 event inbox, visits per stage, the sync lag) and this node's
 * job executor (acquisition, executions, rejections). Request latencies are Spring Boot's
 * {@code http.server.requests}; the Bitrix24 client adds its calls and limiter waits.
 */
package ru.visitflow.metrics;
