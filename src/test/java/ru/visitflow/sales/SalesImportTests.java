package ru.visitflow.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import ru.visitflow.plan.PlanTestSupport;

/**
 * 1C sales import: a good file, a bad row (nothing imported), the same file twice, an
 * unknown INN, XLSX, 1C posts.
 */
@AutoConfigureMockMvc
class SalesImportTests extends PlanTestSupport {

	@Autowired
	private MockMvc mvc;

	private String prefix;

	private long company;

	private long documentsBefore;

	@BeforeEach
	void setUp() {
		this.prefix = "D" + UUID.randomUUID().toString().substring(0, 8);
		this.company = company("ООО «Покупатель»", 2L);
		this.documentsBefore = documents();
	}

	private long documents() {
		return this.jdbc.sql("select count(*) from sales_document").query(Long.class).single();
	}

	private MockMultipartFile csv(String text) {
		return new MockMultipartFile("file", "sales.csv", "text/csv", text.getBytes(StandardCharsets.UTF_8));
	}

	private String inn() {
		return String.valueOf(1_000_000_000L + Math.abs(UUID.randomUUID().getMostSignificantBits() % 8_999_999_999L));
	}

	@Test
	void aGoodFileImportsAndTheSameFileTwiceDoublesNothing() throws Exception {
		String inn = inn();
		String file = """
				document_number;document_date;amount;inn;company_id
				%1$s-1;05.12.2026;1 250,50;%2$s;%3$d
				%1$s-2;2026-12-06;300;%2$s;
				"%1$s-3";2026-12-07;"99.99";;%3$d
				""".formatted(this.prefix, inn, this.company);
		this.mvc.perform(multipart("/api/sales/import").file(csv(file)).with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.rows").value(3))
			.andExpect(jsonPath("$.imported").value(3))
			.andExpect(jsonPath("$.alreadyKnown").value(0));
		assertThat(documents()).isEqualTo(this.documentsBefore + 3);
		assertThat(this.jdbc.sql("select amount from sales_document where document_number = ?")
			.param(this.prefix + "-1")
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("1250.50");
		// the INN given with the company id on the first line found the company for the
		// second
		assertThat(this.jdbc.sql("select company_id from sales_document where document_number = ?")
			.param(this.prefix + "-2")
			.query(Long.class)
			.single()).isEqualTo(this.company);

		this.mvc.perform(multipart("/api/sales/import").file(csv(file)).with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(0))
			.andExpect(jsonPath("$.alreadyKnown").value(3));
		assertThat(documents()).isEqualTo(this.documentsBefore + 3);
	}

	@Test
	void aBadRowRejectsTheWholeFileNamingItsLine() throws Exception {
		String file = """
				document_number,document_date,amount,company_id
				%1$s-1,2026-12-05,100,%2$d
				%1$s-2,31.02.2026,100,%2$d
				%1$s-3,2026-12-07,много,%2$d
				""".formatted(this.prefix, this.company);
		this.mvc.perform(multipart("/api/sales/import").file(csv(file)).with(httpBasic("head1", "secret")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("rows[3].document_date"))
			.andExpect(jsonPath("$.errors[0].reason").value(startsWith("line 3:")))
			.andExpect(jsonPath("$.errors[1].field").value("rows[4].amount"));
		assertThat(documents()).isEqualTo(this.documentsBefore);
	}

	@Test
	void anUnknownInnIsABadRow() throws Exception {
		String file = """
				document_number;document_date;amount;inn
				%s-1;2026-12-05;100;%s
				""".formatted(this.prefix, inn());
		this.mvc.perform(multipart("/api/sales/import").file(csv(file)).with(httpBasic("head1", "secret")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("rows[2].inn"))
			.andExpect(jsonPath("$.errors[0].code").value("unknown"));
		assertThat(documents()).isEqualTo(this.documentsBefore);
	}

	@Test
	void anXlsxFileImports() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (XSSFWorkbook workbook = new XSSFWorkbook()) {
			Sheet sheet = workbook.createSheet("Продажи");
			Row header = sheet.createRow(0);
			String[] names = { "document_number", "document_date", "amount", "company_id" };
			for (int i = 0; i < names.length; i++) {
				header.createCell(i).setCellValue(names[i]);
			}
			Row row = sheet.createRow(1);
			row.createCell(0).setCellValue(this.prefix + "-X");
			row.createCell(1).setCellValue("2026-12-09");
			row.createCell(2).setCellValue(4200.75);
			row.createCell(3).setCellValue(this.company);
			workbook.write(bytes);
		}
		this.mvc
			.perform(multipart("/api/sales/import")
				.file(new MockMultipartFile("file", "1c.xlsx", "application/octet-stream", bytes.toByteArray()))
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(1));
		assertThat(this.jdbc.sql("select amount from sales_document where document_number = ?")
			.param(this.prefix + "-X")
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("4200.75");
	}

	@Test
	void oneCPostsDocumentsAndRepsMayNotImport() throws Exception {
		String body = """
				[{"documentNumber": "%1$s-A", "documentDate": "2026-12-10", "amount": 10.5, "companyId": "%2$d"},
				 {"documentNumber": "%1$s-A", "documentDate": "2026-12-10", "amount": "10.50", "companyId": "%2$d"}]
				""".formatted(this.prefix, this.company);
		this.mvc
			.perform(post("/api/sales/documents").contentType(MediaType.APPLICATION_JSON)
				.content(body)
				.with(httpBasic("rep1", "secret")))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(post("/api/sales/documents").contentType(MediaType.APPLICATION_JSON)
				.content(body)
				.with(httpBasic("head1", "secret")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(1));
		assertThat(documents()).isEqualTo(this.documentsBefore + 1);
	}

}
