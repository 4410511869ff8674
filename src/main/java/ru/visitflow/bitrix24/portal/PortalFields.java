package ru.visitflow.bitrix24.portal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading the field descriptions {@code crm.item.fields} and {@code crm.company.fields}
 * answer, shared by the item and the company field checks.
 */
final class PortalFields {

	private PortalFields() {
	}

	/**
	 * The writable, single fields of the types, in the portal's order: what a wrong
	 * mapping could use instead.
	 */
	static List<Map.Entry<String, JsonNode>> writableSingle(JsonNode portalFields, List<String> types) {
		List<Map.Entry<String, JsonNode>> fitting = new ArrayList<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = portalFields.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> entry = it.next();
			JsonNode description = entry.getValue();
			if (types.contains(description.path("type").asText("")) && !description.path("isReadOnly").asBoolean(false)
					&& !description.path("isMultiple").asBoolean(false)) {
				fitting.add(entry);
			}
		}
		return fitting;
	}

}
