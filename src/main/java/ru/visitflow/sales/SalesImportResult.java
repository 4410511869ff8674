package ru.visitflow.sales;

import java.util.UUID;

/**
 * What an import did: rows read, documents new to Visitflow, documents already known
 * (left as they were).
 */
public record SalesImportResult(UUID importId, int rows, int imported, int alreadyKnown) {
}
