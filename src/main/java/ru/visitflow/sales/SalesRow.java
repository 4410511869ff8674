package ru.visitflow.sales;

/**
 * One sales document as a file or 1C gives it, still text. {@code line} is its line in
 * the file (the header is line 1), or its position (from 1) in a posted list.
 */
public record SalesRow(int line, String documentNumber, String documentDate, String amount, String inn,
		String companyId) {
}
