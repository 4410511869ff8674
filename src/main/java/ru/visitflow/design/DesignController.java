package ru.visitflow.design;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import ru.visitflow.identity.CurrentActor;
import ru.visitflow.system.ForbiddenException;
import ru.visitflow.system.InvalidInputException;

@RestController
@RequestMapping("/api/design")
@Tag(name = "Process design", description = "Versions of the lifecycle models and moving running visits to the latest")
class DesignController {

	private final ModelDeployments deployments;

	private final LifecycleMigration migration;

	private final DesignProperties properties;

	DesignController(ModelDeployments deployments, LifecycleMigration migration, DesignProperties properties) {
		this.deployments = deployments;
		this.migration = migration;
		this.properties = properties;
	}

	@GetMapping("/deployments")
	@Operation(summary = "Versions of a model", description = "Newest first: where each came from (PACKAGED or "
			+ "DESIGNER), who deployed it and which version it replaced. Administrators only.")
	List<ModelDeployment> deployments(@RequestParam(defaultValue = "VisitLifecycle") String processKey) {
		requireAdmin();
		String key = guarded(processKey);
		this.deployments.refresh();
		return this.deployments.list(key);
	}

	@PostMapping("/migrations")
	@Operation(summary = "Move running visits to the latest version",
			description = "Migrates every running instance of older versions whose activities map by id, one by one, "
					+ "and recalculates its timers from the latest lead times; reports those it could not move and why. "
					+ "Administrators only.")
	MigrationReport migrate(@RequestBody(required = false) MigrationRequest request) {
		requireAdmin();
		String key = guarded(
				(request != null && request.processKey() != null) ? request.processKey() : "VisitLifecycle");
		return this.migration.migrateToLatest(key);
	}

	private String guarded(String processKey) {
		if (!this.properties.guardedProcesses().contains(processKey)) {
			throw new InvalidInputException("processKey", "unknown",
					"must be one of " + String.join(", ", this.properties.guardedProcesses()));
		}
		return processKey;
	}

	private static void requireAdmin() {
		if (!CurrentActor.get().isAdmin()) {
			throw new ForbiddenException("Only administrators manage model versions");
		}
	}

	/**
	 * @param processKey the process whose running instances move; VisitLifecycle when not
	 * given
	 */
	@Schema(example = """
			{"processKey": "VisitLifecycle"}""")
	record MigrationRequest(String processKey) {
	}

}
