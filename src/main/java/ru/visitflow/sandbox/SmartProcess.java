package ru.visitflow.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Visit smart process as the demo portal has it: type id 11 for entityTypeId from
 * settings (1036, short code {@code T40c}), its default pipeline (the category id from
 * settings, else 11) with the stage codes the settings name, a second non-default
 * pipeline, and the item fields with their types.
 */
final class SmartProcess {

	static final int TYPE_ID = 11;

	/** A stage code or field name that is not there. */
	static final String NONE = "none";

	static final String TITLE = SandboxSeed.PROCESS_TITLE;

	private static final int DEFAULT_CATEGORY_ID = 11;

	private final int entityTypeId;

	private final List<Category> categories;

	private final Map<String, Field> fields = new LinkedHashMap<>();

	SmartProcess(SandboxProperties.SmartProcessSettings settings) {
		this.entityTypeId = settings.entityTypeId();
		int defaultCategory = (settings.categoryId() != null) ? settings.categoryId() : DEFAULT_CATEGORY_ID;
		SandboxProperties.StageCodes codes = settings.stages();
		List<String> stageNames = SandboxSeed.VISIT_STAGE_NAMES;
		List<String> eventNames = SandboxSeed.EVENT_STAGE_NAMES;
		// a stage set to "none" is not on the board (a stock smart process has no Overdue
		// or Cancelled), and a
		// code given twice is one stage
		List<Stage> visitStages = new ArrayList<>();
		for (Stage stage : List.of(
				new Stage(301, code(codes.draft(), "NEW"), stageNames.get(0), 10, null, "#22B9FF", true),
				new Stage(302, code(codes.inWork(), "PREPARATION"), stageNames.get(1), 20, null, "#47E4C2", false),
				new Stage(303, code(codes.repeatVisit(), "CLIENT"), stageNames.get(2), 30, null, "#FFA900", false),
				new Stage(304, code(codes.overdue(), "UC_OVERDUE"), stageNames.get(3), 40, null, "#FF7B5F", false),
				new Stage(305, code(codes.completed(), "SUCCESS"), stageNames.get(4), 50, "S", "#7BD500", true),
				new Stage(306, code(codes.failed(), "FAIL"), stageNames.get(5), 60, "F", "#FF5752", true), new Stage(
						307, code(codes.cancelled(), "UC_CANCELLED"), stageNames.get(6), 70, "F", "#A5ADB7", false))) {
			if (!stage.code().equals(NONE) && visitStages.stream().noneMatch((s) -> s.code().equals(stage.code()))) {
				visitStages.add(stage);
			}
		}
		List<Stage> eventStages = List.of(new Stage(311, "NEW", eventNames.get(0), 10, null, "#22B9FF", true),
				new Stage(312, "PREPARATION", eventNames.get(1), 20, null, "#47E4C2", false),
				new Stage(313, "SUCCESS", eventNames.get(2), 30, "S", "#7BD500", true),
				new Stage(314, "FAIL", eventNames.get(3), 40, "F", "#FF5752", true));
		this.categories = List.of(new Category(defaultCategory, SandboxSeed.VISIT_PIPELINE, 100, true, visitStages),
				new Category(defaultCategory + 1, SandboxSeed.EVENT_PIPELINE, 200, false, eventStages));
		field("id", "integer", true, false, false, SandboxSeed.FIELD_TITLES.get("id"));
		field("xmlId", "string", false, false, false, SandboxSeed.FIELD_TITLES.get("xmlId"));
		field("title", "string", false, false, false, SandboxSeed.FIELD_TITLES.get("title"));
		field("createdBy", "user", true, false, false, SandboxSeed.FIELD_TITLES.get("createdBy"));
		field("updatedBy", "user", true, false, false, SandboxSeed.FIELD_TITLES.get("updatedBy"));
		field("movedBy", "user", true, false, false, SandboxSeed.FIELD_TITLES.get("movedBy"));
		field("createdTime", "datetime", true, false, false, SandboxSeed.FIELD_TITLES.get("createdTime"));
		field("updatedTime", "datetime", true, false, false, SandboxSeed.FIELD_TITLES.get("updatedTime"));
		field("movedTime", "datetime", true, false, false, SandboxSeed.FIELD_TITLES.get("movedTime"));
		field("categoryId", "crm_category", false, false, false, SandboxSeed.FIELD_TITLES.get("categoryId"));
		field("opened", "boolean", false, false, false, SandboxSeed.FIELD_TITLES.get("opened"));
		field("stageId", "crm_status", false, false, false, SandboxSeed.FIELD_TITLES.get("stageId"));
		field("previousStageId", "crm_status", true, false, false, SandboxSeed.FIELD_TITLES.get("previousStageId"));
		field("stageSemanticId", "string", true, false, false, SandboxSeed.FIELD_TITLES.get("stageSemanticId"));
		field("begindate", "date", false, false, false, SandboxSeed.FIELD_TITLES.get("begindate"));
		field("closedate", "date", false, false, false, SandboxSeed.FIELD_TITLES.get("closedate"));
		field("companyId", "crm_company", false, false, false, SandboxSeed.FIELD_TITLES.get("companyId"));
		field("contactId", "crm_contact", false, false, false, SandboxSeed.FIELD_TITLES.get("contactId"));
		field("opportunity", "double", false, false, false, SandboxSeed.FIELD_TITLES.get("opportunity"));
		field("isManualOpportunity", "boolean", false, false, false,
				SandboxSeed.FIELD_TITLES.get("isManualOpportunity"));
		field("taxValue", "double", false, false, false, SandboxSeed.FIELD_TITLES.get("taxValue"));
		field("currencyId", "crm_currency", false, false, false, SandboxSeed.FIELD_TITLES.get("currencyId"));
		field("mycompanyId", "crm_company", false, false, false, SandboxSeed.FIELD_TITLES.get("mycompanyId"));
		field("sourceId", "crm_status", false, false, false, SandboxSeed.FIELD_TITLES.get("sourceId"));
		field("sourceDescription", "text", false, false, false, SandboxSeed.FIELD_TITLES.get("sourceDescription"));
		field("assignedById", "user", false, false, false, SandboxSeed.FIELD_TITLES.get("assignedById"));
		field("lastActivityBy", "user", true, false, false, SandboxSeed.FIELD_TITLES.get("lastActivityBy"));
		field("lastActivityTime", "datetime", true, false, false, SandboxSeed.FIELD_TITLES.get("lastActivityTime"));
		SandboxProperties.FieldNames names = settings.fields();
		userField(names.plannedStart(), code(names.plannedStartType(), "datetime"),
				SandboxSeed.FIELD_TITLES.get("plannedStart"));
		userField(names.visitType(), "string", SandboxSeed.FIELD_TITLES.get("visitType"));
		userField(names.durationMinutes(), "integer", SandboxSeed.FIELD_TITLES.get("durationMinutes"));
		field("contactIds", "crm_contact", false, true, false, SandboxSeed.FIELD_TITLES.get("contactIds"));
		field("observers", "user", false, true, false, SandboxSeed.FIELD_TITLES.get("observers"));
		field("entityTypeId", "integer", true, false, false, SandboxSeed.FIELD_TITLES.get("entityTypeId"));
	}

	private static String code(String code, String fallback) {
		return (code != null && !code.isBlank()) ? code : fallback;
	}

	/**
	 * A user field of the portal, unless it is "none" or one of the item's own fields
	 * (begindate).
	 */
	private void userField(String name, String type, String title) {
		if (name != null && !name.isBlank() && !name.equals(NONE) && !this.fields.containsKey(name)) {
			field(name, type, false, false, true, title);
		}
	}

	private void field(String name, String type, boolean readOnly, boolean multiple, boolean dynamic, String title) {
		this.fields.put(name, new Field(name, type, readOnly, multiple, dynamic, title, upperName(name)));
	}

	int entityTypeId() {
		return this.entityTypeId;
	}

	List<Category> categories() {
		return this.categories;
	}

	Category defaultCategory() {
		return this.categories.get(0);
	}

	Optional<Category> category(long id) {
		return this.categories.stream().filter((category) -> category.id() == id).findFirst();
	}

	/** The stage directory of a pipeline: {@code DYNAMIC_1036_STAGE_11}. */
	String stageEntityId(int categoryId) {
		return "DYNAMIC_" + this.entityTypeId + "_STAGE_" + categoryId;
	}

	/** {@code DT1036_11:NEW}. */
	String statusId(int categoryId, String code) {
		return "DT" + this.entityTypeId + "_" + categoryId + ":" + code;
	}

	/** The pipeline and stage of a full stage id. */
	Optional<StageRef> stage(String statusId) {
		if (statusId == null) {
			return Optional.empty();
		}
		for (Category category : this.categories) {
			for (Stage stage : category.stages()) {
				if (statusId(category.id(), stage.code()).equals(statusId)) {
					return Optional.of(new StageRef(category, stage, statusId));
				}
			}
		}
		return Optional.empty();
	}

	Map<String, Field> fields() {
		return this.fields;
	}

	/** A field by its camelCase or UPPER_CASE name. */
	Optional<Field> field(String name) {
		Field field = this.fields.get(name);
		if (field != null) {
			return Optional.of(field);
		}
		return this.fields.values().stream().filter((candidate) -> candidate.upperName().equals(name)).findFirst();
	}

	/**
	 * {@code assignedById} → {@code ASSIGNED_BY_ID}, {@code ufCrmVisitStart} →
	 * {@code UF_CRM_VISIT_START}.
	 */
	static String upperName(String camel) {
		StringBuilder upper = new StringBuilder();
		char previous = 0;
		for (char c : camel.toCharArray()) {
			boolean boundary = Character.isUpperCase(c) || (Character.isDigit(c) && Character.isLetter(previous));
			if (boundary && upper.length() > 0 && previous != '_') {
				upper.append('_');
			}
			upper.append(Character.toUpperCase(c));
			previous = c;
		}
		return upper.toString().toUpperCase(Locale.ROOT);
	}

	record Category(int id, String name, int sort, boolean isDefault, List<Stage> stages) {

		Stage firstStage() {
			return this.stages.get(0);
		}

	}

	/**
	 * @param rowId the row's {@code ID} in crm.status.list
	 * @param semantics null while in progress, {@code S} success, {@code F} failure
	 */
	record Stage(int rowId, String code, String name, int sort, String semantics, String color, boolean system) {

		/** The item's {@code stageSemanticId}: P, S or F. */
		String semanticId() {
			return (this.semantics != null) ? this.semantics : "P";
		}

	}

	record StageRef(Category category, Stage stage, String statusId) {
	}

	/**
	 * @param type Bitrix24's field type: integer, double, string, text, boolean (Y/N),
	 * date, datetime, user, crm_status, crm_category, crm_company, crm_contact,
	 * crm_currency
	 */
	record Field(String name, String type, boolean readOnly, boolean multiple, boolean dynamic, String title,
			String upperName) {
	}

}
