/**
 * Running Visitflow as several nodes on one database: who this node is, and leases in the
 * database that let exactly one node at a time do a piece of scheduled work
 * (reconciliation, the first company import, geocoding) or own a shared resource, taken
 * over by another node when the holder stops renewing it.
 */
package ru.visitflow.system.cluster;
