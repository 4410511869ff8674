package ru.visitflow.sales;

import static ru.visitflow.system.Rows.utc;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.identity.Actor;
import ru.visitflow.system.FieldProblem;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.visit.ConversionFigures;

/**
 * Imports sales documents. Every row is checked first; one bad row rejects the whole file
 * with each problem named by line ({@code rows[5].inn}), and nothing is written. A
 * document number already known is left as it is, so the same file or the same 1C post
 * twice doubles nothing.
 */
@Service
public class SalesService {

	private static final DateTimeFormatter RUSSIAN_DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu")
		.withResolverStyle(ResolverStyle.STRICT);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ConversionFigures figures;

	SalesService(JdbcClient jdbc, Clock clock, ConversionFigures figures) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.figures = figures;
	}

	@Transactional
	public SalesImportResult importFile(String fileName, byte[] content, Actor actor) {
		checkMayImport(actor);
		if (content == null || content.length == 0) {
			throw new InvalidInputException("file", "required", "the file is empty");
		}
		return importRows(SalesFiles.read(fileName, content), "FILE", fileName, actor);
	}

	@Transactional
	public SalesImportResult importRows(List<SalesRow> rows, String source, String fileName, Actor actor) {
		checkMayImport(actor);
		if (rows.isEmpty()) {
			throw new InvalidInputException("rows", "required", "no sales documents given");
		}
		List<FieldProblem> problems = new ArrayList<>();
		Map<String, Document> documents = new LinkedHashMap<>();
		Map<String, Long> innMappings = new HashMap<>();
		for (SalesRow row : rows) {
			Document document = check(row, problems, innMappings);
			if (document == null) {
				continue;
			}
			Document earlier = documents.get(document.number());
			if (earlier != null && !earlier.sameAs(document)) {
				problems.add(new FieldProblem(field(row, "document_number"), "duplicate",
						"line " + row.line() + ": document " + document.number() + " appears again with other values"));
			}
			documents.putIfAbsent(document.number(), document);
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		Set<String> known = new HashSet<>();
		List<String> numbers = new ArrayList<>(documents.keySet());
		for (int i = 0; i < numbers.size(); i += 500) {
			List<String> chunk = numbers.subList(i, Math.min(numbers.size(), i + 500));
			known.addAll(this.jdbc
				.sql("select document_number from sales_document where document_number in ("
						+ String.join(", ", chunk.stream().map((n) -> "?").toList()) + ")")
				.params(new ArrayList<Object>(chunk))
				.query(String.class)
				.list());
		}
		UUID importId = UUID.randomUUID();
		Instant now = this.clock.instant();
		int fresh = (int) documents.keySet().stream().filter((n) -> !known.contains(n)).count();
		this.jdbc.sql("""
				insert into sales_import (id, source, file_name, rows_total, rows_new, imported_at, imported_by)
				values (?, ?, ?, ?, ?, ?, ?)
				""").params(importId, source, fileName, rows.size(), fresh, utc(now), actor.userId()).update();
		innMappings.forEach((inn, companyId) -> {
			if (this.jdbc.sql("update company_inn set company_id = ? where inn = ?")
				.params(companyId, inn)
				.update() == 0) {
				this.jdbc.sql("insert into company_inn (inn, company_id) values (?, ?)")
					.params(inn, companyId)
					.update();
			}
		});
		Set<Long> companies = new HashSet<>();
		for (Document document : documents.values()) {
			if (!known.contains(document.number())) {
				this.jdbc.sql("""
						insert into sales_document (document_number, company_id, inn, document_date, amount, import_id,
						  imported_at)
						values (?, ?, ?, ?, ?, ?, ?)
						""")
					.params(document.number(), document.companyId(), document.inn(), document.date(), document.amount(),
							importId, utc(now))
					.update();
				companies.add(document.companyId());
			}
		}
		// the days from completed visits to the next sale, the conversion and the sales
		// beside visits of these companies, in this transaction
		this.figures.salesChanged(companies);
		return new SalesImportResult(importId, rows.size(), fresh, documents.size() - fresh);
	}

	private Document check(SalesRow row, List<FieldProblem> problems, Map<String, Long> innMappings) {
		int before = problems.size();
		String number = row.documentNumber();
		if (number == null) {
			problems.add(problem(row, "document_number", "required", "the document number is missing"));
		}
		else if (number.length() > 64) {
			problems.add(problem(row, "document_number", "invalid", "the document number is longer than 64"));
		}
		LocalDate date = null;
		if (row.documentDate() == null) {
			problems.add(problem(row, "document_date", "required", "the date is missing"));
		}
		else {
			try {
				date = row.documentDate().contains(".") ? LocalDate.parse(row.documentDate(), RUSSIAN_DATE)
						: LocalDate.parse(row.documentDate());
			}
			catch (DateTimeParseException ex) {
				problems.add(problem(row, "document_date", "format",
						"'" + row.documentDate() + "' is not a date (yyyy-MM-dd or dd.MM.yyyy)"));
			}
		}
		BigDecimal amount = null;
		if (row.amount() == null) {
			problems.add(problem(row, "amount", "required", "the amount is missing"));
		}
		else {
			try {
				amount = new BigDecimal(row.amount().replace("\u00a0", "").replace(" ", "").replace(',', '.'));
				if (amount.scale() > 2 || amount.abs().compareTo(new BigDecimal("1000000000000")) >= 0) {
					problems.add(problem(row, "amount", "invalid", "at most two decimals and below 10^12"));
				}
			}
			catch (NumberFormatException ex) {
				problems.add(problem(row, "amount", "format", "'" + row.amount() + "' is not an amount"));
			}
		}
		String inn = row.inn();
		if (inn != null && !inn.matches("\\d{10}|\\d{12}")) {
			problems.add(problem(row, "inn", "format", "'" + inn + "' is not an INN (10 or 12 digits)"));
			inn = null;
		}
		Long companyId = null;
		if (row.companyId() != null) {
			try {
				companyId = Long.parseLong(row.companyId());
				if (companyId <= 0) {
					throw new NumberFormatException();
				}
				if (inn != null) {
					innMappings.put(inn, companyId);
				}
			}
			catch (NumberFormatException ex) {
				problems.add(
						problem(row, "company_id", "format", "'" + row.companyId() + "' is not a Bitrix24 company id"));
			}
		}
		else if (inn != null) {
			companyId = innMappings.containsKey(inn) ? innMappings.get(inn)
					: this.jdbc.sql("select company_id from company_inn where inn = ?")
						.param(inn)
						.query(Long.class)
						.optional()
						.orElse(null);
			if (companyId == null) {
				problems.add(problem(row, "inn", "unknown", "no company with INN " + inn
						+ " is known; give its company_id once or add the INN to the company in Bitrix24"));
			}
		}
		else if (row.inn() == null) {
			problems.add(problem(row, "inn", "required", "give the company's INN or company_id"));
		}
		if (problems.size() > before) {
			return null;
		}
		return new Document(number, companyId, inn, date, amount);
	}

	private static FieldProblem problem(SalesRow row, String column, String code, String reason) {
		return new FieldProblem(field(row, column), code, "line " + row.line() + ": " + reason);
	}

	private static String field(SalesRow row, String column) {
		return "rows[" + row.line() + "]." + column;
	}

	private static void checkMayImport(Actor actor) {
		if (!actor.isAdmin() && !actor.isSupervisor()) {
			throw new ForbiddenException("Only supervisors and administrators import sales");
		}
	}

	private record Document(String number, Long companyId, String inn, LocalDate date, BigDecimal amount) {

		boolean sameAs(Document other) {
			return this.companyId.equals(other.companyId) && this.date.equals(other.date)
					&& this.amount.compareTo(other.amount) == 0;
		}

	}

}
