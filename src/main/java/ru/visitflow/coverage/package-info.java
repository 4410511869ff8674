/**
 * Coverage and cadence: how often each company should be visited (its own frequency, or
 * its segment's: A, B, C), and the lists heads and reps ask for: companies due or overdue
 * for a visit with none planned, and companies never visited, by rep and region. Plans
 * take their suggestions from here.
 */
package ru.visitflow.coverage;
