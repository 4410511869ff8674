/**
 * Camunda's webapps (Tasklist, Cockpit, Admin) inside Visitflow: one login shared with
 * the app (the webapps take the Spring Security login of the session), and Visitflow's
 * Russian Tasklist settings served from {@code META-INF/resources/webjars/camunda/app/}.
 */
package ru.visitflow.webapps;
