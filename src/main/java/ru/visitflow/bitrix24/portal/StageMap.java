package ru.visitflow.bitrix24.portal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.client.Bitrix24Exception;
import ru.visitflow.visit.VisitStage;

/**
 * Visitflow stages ↔ the Visit smart process's stage ids ({@code DT1036_11:PREPARATION}).
 * The pipeline and its stages are read from Bitrix24 once and checked against the
 * configured mapping; until that succeeds the sync waits, and a missing stage is reported
 * by name.
 */
@Component
public class StageMap {

	private static final Logger logger = LoggerFactory.getLogger(StageMap.class);

	private final Bitrix24 bitrix24;

	private final Bitrix24Properties properties;

	private volatile Resolved resolved;

	private volatile String problem = "not checked yet";

	/**
	 * After a failed check, Bitrix24 is asked again no sooner than this, not on every
	 * sync round.
	 */
	private volatile long nextCheckNanos;

	private static final long RECHECK_NANOS = 60_000_000_000L;

	public StageMap(Bitrix24 bitrix24, Bitrix24Properties properties) {
		this.bitrix24 = bitrix24;
		this.properties = properties;
	}

	/**
	 * The mapping, discovering and checking it on first use; empty while Bitrix24 cannot
	 * confirm it.
	 */
	public Optional<Resolved> resolved() {
		Resolved current = this.resolved;
		if (current == null) {
			current = resolve();
		}
		return Optional.ofNullable(current);
	}

	/** Why the mapping is not usable, for health and logs; null when it is. */
	public String problem() {
		return (this.resolved != null) ? null : this.problem;
	}

	synchronized Resolved resolve() {
		if (this.resolved != null) {
			return this.resolved;
		}
		if (this.nextCheckNanos != 0 && System.nanoTime() < this.nextCheckNanos) {
			return null;
		}
		this.nextCheckNanos = System.nanoTime() + RECHECK_NANOS;
		int entityTypeId = this.properties.entityTypeId();
		try {
			Integer categoryId = this.properties.categoryId();
			if (categoryId == null) {
				JsonNode categories = this.bitrix24.call("crm.category.list", Map.of("entityTypeId", entityTypeId))
					.result()
					.path("categories");
				for (JsonNode category : categories) {
					if (category.path("isDefault").asBoolean(false)
							|| "Y".equals(category.path("isDefault").asText())) {
						categoryId = category.path("id").asInt();
					}
				}
				if (categoryId == null) {
					return fail("the smart process " + entityTypeId + " has no default pipeline; set "
							+ "visitflow.bitrix24.category-id");
				}
			}
			String directory = "DYNAMIC_" + entityTypeId + "_STAGE_" + categoryId;
			JsonNode rows = this.bitrix24
				.call("crm.status.list",
						Map.of("order", Map.of("SORT", "ASC"), "filter", Map.of("ENTITY_ID", directory)))
				.result();
			Map<String, String> names = new LinkedHashMap<>();
			Map<String, String> semantics = new HashMap<>();
			for (JsonNode row : rows) {
				names.put(row.path("STATUS_ID").asText(), row.path("NAME").asText());
				semantics.put(row.path("STATUS_ID").asText(),
						row.path("SEMANTICS").isNull() ? "P" : row.path("SEMANTICS").asText("P"));
			}
			String prefix = "DT" + entityTypeId + "_" + categoryId + ":";
			Map<VisitStage, String> stageIds = new EnumMap<>(VisitStage.class);
			for (VisitStage stage : VisitStage.values()) {
				String code = this.properties.stages().get(stage);
				if (code == null) {
					return fail("no Bitrix24 stage is configured for " + stage + " (visitflow.bitrix24.stages." + stage
							+ ")");
				}
				String stageId = code.contains(":") ? code : prefix + code;
				if (!names.containsKey(stageId)) {
					return fail("the smart process " + entityTypeId + ", pipeline " + categoryId + " has no stage "
							+ stageId + " (mapped from " + stage + "); its stages are " + names.keySet()
							+ ". Add the stage in Bitrix24 or change visitflow.bitrix24.stages." + stage);
				}
				stageIds.put(stage, stageId);
			}
			// the item fields as the stages: Bitrix24 drops values of unknown fields
			// silently
			JsonNode itemFields = this.bitrix24.call("crm.item.fields", Map.of("entityTypeId", entityTypeId))
				.result()
				.path("fields");
			ItemFields.Checked fields = ItemFields.check(itemFields, this.properties.fields().plannedStart(),
					this.properties.fields().visitType(), this.properties.fields().durationMinutes());
			if (!fields.ok()) {
				return fail("the smart process " + entityTypeId + ": " + String.join("; ", fields.problems()));
			}
			this.resolved = new Resolved(entityTypeId, categoryId, stageIds, names, semantics, fields.fields());
			this.problem = null;
			logger.info("Bitrix24 smart process {} pipeline {}: stages mapped {}; fields {}", entityTypeId, categoryId,
					stageIds, fields.fields());
			return this.resolved;
		}
		catch (Bitrix24Exception ex) {
			this.problem = "Bitrix24 did not answer the stage check: " + ex.getMessage();
			logger.warn("{}; the sync waits and checks again", this.problem);
			return null;
		}
	}

	private Resolved fail(String why) {
		this.problem = why;
		logger.error("Bitrix24 stage or field mapping is wrong: {}", why);
		return null;
	}

	/**
	 * @param stageIds Visitflow stage → Bitrix24 stage id
	 * @param names every stage id of the pipeline → its name
	 * @param semantics stage id → P (in progress), S (success) or F (failure)
	 * @param fields the item fields Visitflow writes and reads, as the portal spells and
	 * types them
	 */
	public record Resolved(int entityTypeId, int categoryId, Map<VisitStage, String> stageIds,
			Map<String, String> names, Map<String, String> semantics, ItemFields fields) {

		public String stageId(VisitStage stage) {
			return this.stageIds.get(stage);
		}

		/**
		 * The Visitflow stage a Bitrix24 stage id stands for, if it is one of the mapped
		 * ones.
		 */
		public Optional<VisitStage> visitStage(String stageId) {
			return this.stageIds.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().equals(stageId))
				.map(Map.Entry::getKey)
				.findFirst();
		}

		public boolean isSuccess(String stageId) {
			return "S".equals(this.semantics.get(stageId));
		}

		public boolean isFailure(String stageId) {
			return "F".equals(this.semantics.get(stageId));
		}

		public String name(String stageId) {
			return this.names.getOrDefault(stageId, stageId);
		}

	}

}
