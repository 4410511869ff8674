package ru.visitflow.sales;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import ru.visitflow.identity.CurrentActor;

@RestController
@RequestMapping("/api/sales")
@Tag(name = "Sales", description = "Sales documents from 1C: file upload or posted by 1C; idempotent by number")
class SalesController {

	private final SalesService sales;

	SalesController(SalesService sales) {
		this.sales = sales;
	}

	@Schema(example = """
			{"documentNumber": "RT-000123", "documentDate": "2026-11-30", "amount": "12500.00", "inn": "7701234567",
			 "companyId": "101"}""")
	record SalesDocument(String documentNumber, String documentDate, String amount, String inn, String companyId) {
	}

	@PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Import a CSV or XLSX export from 1C", description = "Columns document_number, document_date, "
			+ "amount, inn and/or company_id. All rows or none: a bad row answers 400 naming its line.")
	SalesImportResult importFile(@RequestParam("file") MultipartFile file) throws IOException {
		return this.sales.importFile(file.getOriginalFilename(), file.getBytes(), CurrentActor.get());
	}

	@PostMapping("/documents")
	@Operation(summary = "Sales documents posted by 1C",
			description = "A JSON list; the same rules as a file. " + "Documents already known are left as they are.")
	SalesImportResult post(@RequestBody List<SalesDocument> documents) {
		List<SalesRow> rows = new ArrayList<>();
		for (int i = 0; i < documents.size(); i++) {
			SalesDocument d = documents.get(i);
			rows.add(new SalesRow(i + 1, d.documentNumber(), d.documentDate(), d.amount(), d.inn(), d.companyId()));
		}
		return this.sales.importRows(rows, "API", null, CurrentActor.get());
	}

}
