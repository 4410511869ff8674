package ru.visitflow.bitrix24.outbound;

import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.identity.CurrentActor;

@RestController
@Tag(name = "Visits")
class VisitTaskController {

	private final VisitTasks tasks;

	VisitTaskController(VisitTasks tasks) {
		this.tasks = tasks;
	}

	@Schema(example = """
			{"title": "Send the price list", "description": "The winter assortment, as agreed at the visit",
			 "deadline": "2026-12-10T18:00"}""")
	record NewTask(@Size(max = 255) String title, @Size(max = 5000) String description, String deadline) {
	}

	@PostMapping("/api/visits/{id}/bitrix24-tasks")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a Bitrix24 task from a visit",
			description = "For the visit's rep, bound to its "
					+ "smart-process item and company; on an open visit or as a follow-up of one completed within "
					+ "visitflow.lifecycle.task-follow-up-window. Answers 409 for a cancelled or failed visit or one "
					+ "completed longer ago, 502 when Bitrix24 refuses, 503 when it cannot be reached.")
	ResponseEntity<Map<String, Object>> create(@PathVariable UUID id, @Valid @RequestBody NewTask request) {
		long taskId = this.tasks.create(id, request.title(), request.description(), request.deadline(),
				CurrentActor.get());
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("taskId", taskId));
	}

}
