package ru.visitflow.dashboard;

import java.util.List;

/**
 * A table as shown and exported: stable column names and rows of plain values (text,
 * numbers, dates).
 */
public record Table(String name, List<String> columns, List<List<Object>> rows) {
}
