package ru.visitflow.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the emulated portal stores, as plain maps in the shapes Bitrix24 answers
 * with (smart-process items in camelCase, legacy CRM entities in UPPER_CASE), so that the
 * snapshot file is plain JSON. Guarded by {@link SandboxPortal}'s lock; never handed out
 * without a copy.
 */
class PortalState {

	public long lastItemId;

	public long lastCompanyId;

	public long lastContactId;

	public long lastRequisiteId;

	public long lastLocationId;

	public long lastMultiFieldId;

	public long lastCalendarEventId;

	public long lastTaskId;

	public long lastCommentId;

	public List<Map<String, Object>> users = new ArrayList<>();

	public TreeMap<Long, Map<String, Object>> items = new TreeMap<>();

	public TreeMap<Long, Map<String, Object>> companies = new TreeMap<>();

	public TreeMap<Long, Map<String, Object>> contacts = new TreeMap<>();

	public TreeMap<Long, Map<String, Object>> requisites = new TreeMap<>();

	/**
	 * Addresses have no id of their own: (TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID) is their
	 * key.
	 */
	public List<Map<String, Object>> addresses = new ArrayList<>();

	public TreeMap<Long, Map<String, Object>> calendarEvents = new TreeMap<>();

	public TreeMap<Long, Map<String, Object>> tasks = new TreeMap<>();

	public TreeMap<Long, Map<String, Object>> comments = new TreeMap<>();

	static Map<String, Object> row() {
		return new LinkedHashMap<>();
	}

}
