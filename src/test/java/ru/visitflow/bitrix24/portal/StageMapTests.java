package ru.visitflow.bitrix24.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import ru.visitflow.bitrix24.client.BatchCommand;
import ru.visitflow.bitrix24.client.BatchResponse;
import ru.visitflow.bitrix24.client.Bitrix24;
import ru.visitflow.bitrix24.client.Bitrix24Response;
import ru.visitflow.bitrix24.client.ClientSettings;
import ru.visitflow.visit.VisitStage;

/**
 * The stage check at start: the default pipeline is found, and a missing stage is named,
 * not a stack trace.
 */
class StageMapTests {

	private final ObjectMapper json = new ObjectMapper();

	/**
	 * A portal with the default pipeline 11 (as in the reference, not 0) and the given
	 * stage codes.
	 */
	private Bitrix24 portal(String... codes) {
		return new Bitrix24() {
			@Override
			public Bitrix24Response call(String method, Map<String, ?> params) {
				try {
					if (method.equals("crm.item.fields")) {
						return new Bitrix24Response(StageMapTests.this.json.readTree("{\"fields\":{"
								+ "\"begindate\":{\"type\":\"date\",\"upperName\":\"BEGINDATE\"},"
								+ "\"ufCrmVisitStart\":{\"type\":\"datetime\",\"upperName\":\"UF_CRM_VISIT_START\"},"
								+ "\"ufCrmVisitType\":{\"type\":\"string\",\"upperName\":\"UF_CRM_VISIT_TYPE\"},"
								+ "\"ufCrmVisitDuration\":{\"type\":\"integer\",\"upperName\":\"UF_CRM_VISIT_DURATION\"}}}"),
								null, null, null);
					}
					if (method.equals("crm.category.list")) {
						return new Bitrix24Response(StageMapTests.this.json.readTree(
								"{\"categories\":[{\"id\":12,\"isDefault\":\"N\"},{\"id\":11,\"isDefault\":\"Y\"}]}"),
								2, null, null);
					}
					StringBuilder rows = new StringBuilder("[");
					for (String code : codes) {
						String semantics = code.equals("SUCCESS") ? "\"S\"" : code.equals("FAIL") ? "\"F\"" : "null";
						rows.append(rows.length() > 1 ? "," : "")
							.append("{\"STATUS_ID\":\"DT1036_11:")
							.append(code)
							.append("\",\"NAME\":\"")
							.append(code)
							.append("\",\"SEMANTICS\":")
							.append(semantics)
							.append("}");
					}
					return new Bitrix24Response(StageMapTests.this.json.readTree(rows.append("]").toString()), null,
							null, null);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}

			@Override
			public BatchResponse batch(List<BatchCommand> commands, boolean halt) {
				throw new UnsupportedOperationException("not used by the stage check");
			}

			@Override
			public Stream<JsonNode> scan(String method, Map<String, ?> params, String resultPath, String idField) {
				throw new UnsupportedOperationException("not used by the stage check");
			}
		};
	}

	private static Bitrix24Properties properties() {
		Map<VisitStage, String> stages = new EnumMap<>(VisitStage.class);
		stages.putAll(Map.of(VisitStage.DRAFT, "NEW", VisitStage.IN_WORK, "PREPARATION", VisitStage.REPEAT_VISIT,
				"CLIENT", VisitStage.OVERDUE, "UC_OVERDUE", VisitStage.COMPLETED, "SUCCESS", VisitStage.FAILED, "FAIL",
				VisitStage.CANCELLED, "UC_CANCELLED"));
		return new Bitrix24Properties(null, 1036, null, stages,
				new Bitrix24Properties.Fields("ufCrmVisitStart", "ufCrmVisitType", "ufCrmVisitDuration"), "t", "s",
				new ClientSettings.RateLimit(2, 50),
				new ClientSettings.Retry(1, Duration.ofMillis(1), Duration.ofMillis(1)),
				new ClientSettings.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)),
				new Bitrix24Properties.Sync(false, 10, Duration.ofSeconds(1), Duration.ofMinutes(1), 3,
						Duration.ofSeconds(1), Duration.ofMinutes(1)),
				new Bitrix24Properties.Reconciliation(false, Duration.ofMinutes(10), Duration.ofMinutes(1)),
				new Bitrix24Properties.Sandbox(false),
				new Bitrix24Properties.CompanyFields("UF_CRM_COORDINATES", null));
	}

	@Test
	void everyStageIsMappedInTheDefaultPipeline() {
		StageMap map = new StageMap(
				portal("NEW", "PREPARATION", "CLIENT", "UC_OVERDUE", "SUCCESS", "FAIL", "UC_CANCELLED"), properties());
		StageMap.Resolved resolved = map.resolved().orElseThrow();
		assertThat(resolved.categoryId()).isEqualTo(11);
		assertThat(resolved.stageId(VisitStage.IN_WORK)).isEqualTo("DT1036_11:PREPARATION");
		assertThat(resolved.visitStage("DT1036_11:UC_CANCELLED")).contains(VisitStage.CANCELLED);
		assertThat(resolved.isSuccess("DT1036_11:SUCCESS")).isTrue();
		assertThat(resolved.isFailure("DT1036_11:FAIL")).isTrue();
		assertThat(properties().crmBinding(12)).isEqualTo("T40c_12");
		assertThat(properties().timelineEntityType()).isEqualTo("dynamic_1036");
		assertThat(map.problem()).isNull();
	}

	@Test
	void aMissingStageIsNamedAndTheSyncWaits() {
		StageMap map = new StageMap(portal("NEW", "PREPARATION", "CLIENT", "SUCCESS", "FAIL", "UC_CANCELLED"),
				properties());
		assertThat(map.resolved()).isEmpty();
		assertThat(map.problem()).contains("DT1036_11:UC_OVERDUE", "OVERDUE", "visitflow.bitrix24.stages.OVERDUE");
	}

}
