package ru.visitflow.sales;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import ru.visitflow.system.InvalidInputException;

/**
 * Reads a 1C export: CSV (separator {@code ;}, {@code ,} or tab, UTF-8, optional BOM,
 * quoted fields) or XLSX (first sheet). The first line names the columns:
 * {@code document_number}, {@code document_date}, {@code amount}, {@code inn},
 * {@code company_id} (any order, case ignored; inn or company_id per row).
 */
final class SalesFiles {

	static final List<String> COLUMNS = List.of("document_number", "document_date", "amount", "inn", "company_id");

	private SalesFiles() {
	}

	static List<SalesRow> read(String fileName, byte[] content) {
		String name = (fileName != null) ? fileName.toLowerCase(Locale.ROOT) : "";
		if (name.endsWith(".xlsx") || isZip(content)) {
			return xlsx(content);
		}
		return csv(new String(content, StandardCharsets.UTF_8));
	}

	static List<SalesRow> csv(String text) {
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		String[] lines = text.split("\r?\n", -1);
		if (lines.length == 0 || lines[0].isBlank()) {
			throw new InvalidInputException("file", "empty", "the file has no header line");
		}
		char separator = separatorOf(lines[0]);
		Map<String, Integer> columns = header(split(lines[0], separator));
		List<SalesRow> rows = new ArrayList<>();
		for (int i = 1; i < lines.length; i++) {
			if (lines[i].isBlank()) {
				continue;
			}
			rows.add(row(i + 1, split(lines[i], separator), columns));
		}
		return rows;
	}

	static List<SalesRow> xlsx(byte[] content) {
		try (InputStream in = new ByteArrayInputStream(content); Workbook workbook = WorkbookFactory.create(in)) {
			Sheet sheet = workbook.getSheetAt(0);
			DataFormatter formatter = new DataFormatter(Locale.ROOT);
			Row first = sheet.getRow(sheet.getFirstRowNum());
			if (first == null) {
				throw new InvalidInputException("file", "empty", "the sheet has no header row");
			}
			List<String> names = new ArrayList<>();
			for (int c = 0; c < first.getLastCellNum(); c++) {
				names.add(text(first.getCell(c), formatter));
			}
			Map<String, Integer> columns = header(names);
			List<SalesRow> rows = new ArrayList<>();
			for (int r = sheet.getFirstRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
				Row row = sheet.getRow(r);
				if (row == null) {
					continue;
				}
				List<String> cells = new ArrayList<>();
				for (int c = 0; c < Math.max(names.size(), row.getLastCellNum()); c++) {
					cells.add(text(row.getCell(c), formatter));
				}
				if (cells.stream().allMatch(String::isBlank)) {
					continue;
				}
				rows.add(row(r + 1, cells, columns));
			}
			return rows;
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof InvalidInputException invalid) {
				throw invalid;
			}
			throw new InvalidInputException("file", "format", "not a readable XLSX workbook");
		}
	}

	private static String text(Cell cell, DataFormatter formatter) {
		if (cell == null) {
			return "";
		}
		if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
			return cell.getLocalDateTimeCellValue().toLocalDate().toString();
		}
		if (cell.getCellType() == CellType.NUMERIC) {
			return BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
		}
		return formatter.formatCellValue(cell).trim();
	}

	private static Map<String, Integer> header(List<String> names) {
		Map<String, Integer> columns = new HashMap<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).trim().toLowerCase(Locale.ROOT);
			if (COLUMNS.contains(name)) {
				columns.put(name, i);
			}
		}
		for (String required : List.of("document_number", "document_date", "amount")) {
			if (!columns.containsKey(required)) {
				throw new InvalidInputException("file", "header",
						"the header line must name the columns " + COLUMNS + "; missing " + required);
			}
		}
		if (!columns.containsKey("inn") && !columns.containsKey("company_id")) {
			throw new InvalidInputException("file", "header", "the header line must name inn or company_id");
		}
		return columns;
	}

	private static SalesRow row(int line, List<String> cells, Map<String, Integer> columns) {
		return new SalesRow(line, cell(cells, columns, "document_number"), cell(cells, columns, "document_date"),
				cell(cells, columns, "amount"), cell(cells, columns, "inn"), cell(cells, columns, "company_id"));
	}

	private static String cell(List<String> cells, Map<String, Integer> columns, String name) {
		Integer index = columns.get(name);
		if (index == null || index >= cells.size()) {
			return null;
		}
		String value = cells.get(index).trim();
		return value.isEmpty() ? null : value;
	}

	private static char separatorOf(String header) {
		if (header.indexOf(';') >= 0) {
			return ';';
		}
		if (header.indexOf('\t') >= 0) {
			return '\t';
		}
		return ',';
	}

	/** One CSV line; fields may be quoted with doubled quotes inside. */
	static List<String> split(String line, char separator) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char ch = line.charAt(i);
			if (quoted) {
				if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (ch == '"') {
					quoted = false;
				}
				else {
					field.append(ch);
				}
			}
			else if (ch == '"') {
				quoted = true;
			}
			else if (ch == separator) {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(ch);
			}
		}
		fields.add(field.toString());
		return fields;
	}

	private static boolean isZip(byte[] content) {
		return content.length > 3 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
	}

}
