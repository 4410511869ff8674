package ru.visitflow.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes tables as CSV (UTF-8 with BOM so Excel reads Cyrillic, comma separated, ISO
 * dates and times in UTC, dot decimals) and XLSX (streaming, so large exports stay small
 * in memory).
 */
public final class TableWriter {

	private TableWriter() {
	}

	public static CsvSink csv(OutputStream out, List<String> columns) throws IOException {
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		writer.write('\uFEFF');
		CsvSink sink = new CsvSink(writer);
		sink.row(List.copyOf(columns));
		return sink;
	}

	public static void csv(Table table, OutputStream out) throws IOException {
		CsvSink sink = csv(out, table.columns());
		for (List<Object> row : table.rows()) {
			sink.row(row);
		}
		sink.flush();
	}

	public static XlsxSink xlsx(List<String> columns, String sheetName) {
		XlsxSink sink = new XlsxSink(sheetName);
		sink.row(List.copyOf(columns));
		return sink;
	}

	public static void xlsx(Table table, OutputStream out) throws IOException {
		XlsxSink sink = xlsx(table.columns(), table.name());
		for (List<Object> row : table.rows()) {
			sink.row(row);
		}
		sink.finish(out);
	}

	static String text(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof OffsetDateTime time) {
			return time.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		return value.toString();
	}

	/** Rows written as they come. */
	public static final class CsvSink {

		private final Writer writer;

		CsvSink(Writer writer) {
			this.writer = writer;
		}

		public void row(List<?> values) throws IOException {
			for (int i = 0; i < values.size(); i++) {
				if (i > 0) {
					this.writer.write(',');
				}
				String text = text(values.get(i));
				if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
						|| text.indexOf('\r') >= 0) {
					text = '"' + text.replace("\"", "\"\"") + '"';
				}
				this.writer.write(text);
			}
			this.writer.write("\r\n");
		}

		public void flush() throws IOException {
			this.writer.flush();
		}

	}

	/** Rows kept on disk by POI's streaming workbook until written. */
	public static final class XlsxSink {

		static {
			// SXSSF spills rows into temporary files: a directory of this process's own,
			// so that a /tmp/poifiles
			// left by another user can never make an export fail
			try {
				TempFile.setTempFileCreationStrategy(
						new DefaultTempFileCreationStrategy(Files.createTempDirectory("visitflow-poi").toFile()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private final SXSSFWorkbook workbook = new SXSSFWorkbook(500);

		private final Sheet sheet;

		private int next;

		XlsxSink(String sheetName) {
			this.sheet = this.workbook.createSheet(sheetName);
		}

		public void row(List<?> values) {
			Row row = this.sheet.createRow(this.next++);
			for (int i = 0; i < values.size(); i++) {
				Object value = values.get(i);
				Cell cell = row.createCell(i);
				if (value instanceof Number number) {
					cell.setCellValue(number.doubleValue());
				}
				else if (value instanceof Boolean bool) {
					cell.setCellValue(bool);
				}
				else if (value instanceof LocalDate || value instanceof Instant) {
					cell.setCellValue(value.toString());
				}
				else {
					cell.setCellValue(text(value));
				}
			}
		}

		public void finish(OutputStream out) throws IOException {
			try {
				this.workbook.write(out);
			}
			finally {
				this.workbook.close();
			}
		}

	}

}
