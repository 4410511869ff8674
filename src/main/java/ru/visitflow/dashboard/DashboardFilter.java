package ru.visitflow.dashboard;

import java.time.LocalDate;

/**
 * Every cut's filter: the period (inclusive days in the viewer's zone), and optionally
 * region, rep and type.
 */
public record DashboardFilter(LocalDate from, LocalDate to, String region, String repId, String visitType) {
}
