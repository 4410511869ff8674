package ru.visitflow.coverage;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.identity.CurrentActor;

@RestController
@RequestMapping("/api/coverage")
@Tag(name = "Coverage", description = "Companies against their visit cadence: due, overdue, never visited")
class CoverageController {

	private final CoverageService coverage;

	CoverageController(CoverageService coverage) {
		this.coverage = coverage;
	}

	@Schema(example = """
			{"segment": "A", "frequencyDays": 14}""")
	record CadenceRequest(String segment, Integer frequencyDays) {
	}

	@GetMapping
	@Operation(summary = "Companies by cadence status", description = "Reps see their own companies, supervisors "
			+ "their team's. status may repeat: NEVER_VISITED, OVERDUE, DUE, PLANNED, OK.")
	List<CoverageEntry> list(@RequestParam(required = false) String repId,
			@RequestParam(required = false) String region,
			@RequestParam(required = false) List<CoverageStatus> status) {
		return this.coverage.list(CurrentActor.get(), repId, region, status);
	}

	@PutMapping("/{companyId}/cadence")
	@Operation(summary = "Set a company's segment (A, B, C) and/or its own visit frequency in days")
	Cadence setCadence(@PathVariable long companyId, @RequestBody CadenceRequest request) {
		return this.coverage.setCadence(new Cadence(companyId, request.segment(), request.frequencyDays()),
				CurrentActor.get());
	}

}
