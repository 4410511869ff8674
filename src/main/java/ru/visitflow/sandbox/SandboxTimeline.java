package ru.visitflow.sandbox;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Timeline comments ({@code crm.timeline.comment.add}) with attached files. All state is
 * the portal's, behind its lock.
 */
@Component
@ConditionalOnBitrix24Sandbox
@SuppressWarnings("unchecked")
class SandboxTimeline {

	private final SandboxPortal portal;

	SandboxTimeline(SandboxPortal portal) {
		this.portal = portal;
	}

	// --- timeline comments
	// ---------------------------------------------------------------------------------

	long addComment(Object fieldsParam, long actor) {
		if (!(fieldsParam instanceof Map || fieldsParam instanceof List)) {
			throw RestError.badRequest("100", "Required fields not provided");
		}
		Map<String, Object> fields = ListQuery.asMap(fieldsParam);
		if (SandboxPortal.isBlank(fields.get("ENTITY_ID")) || SandboxPortal.isBlank(fields.get("ENTITY_TYPE"))) {
			throw RestError.badRequest("100", "Required fields not provided");
		}
		if (SandboxPortal.isBlank(fields.get("COMMENT"))) {
			throw RestError.badRequest("INVALID_ARG_VALUE", "Empty comment");
		}
		String entityType = String.valueOf(fields.get("ENTITY_TYPE")).toLowerCase(Locale.ROOT);
		long entityId = SandboxPortal.asLong(fields.get("ENTITY_ID"));
		synchronized (this.portal.lock) {
			boolean exists = switch (entityType) {
				case "company" -> this.portal.state.companies.containsKey(entityId);
				case "contact" -> this.portal.state.contacts.containsKey(entityId);
				default -> entityType.equals("dynamic_" + this.portal.process().entityTypeId())
						? this.portal.state.items.containsKey(entityId) : notFoundOwnerType();
			};
			if (!exists) {
				throw RestError.badRequest("OWNER_NOT_FOUND", "Owner of the element not found");
			}
			List<Map<String, Object>> files = new ArrayList<>();
			for (Object file : ListQuery.asMap(fields.get("FILES")).values()) {
				List<String> parts = ListQuery.asStrings(file);
				if (parts.size() < 2 || parts.get(1).isEmpty()) {
					throw RestError.badRequest("INVALID_ARG_VALUE", "File content is empty");
				}
				Map<String, Object> stored = new LinkedHashMap<>();
				stored.put("name", parts.get(0));
				stored.put("size", decodedSize(parts.get(1)));
				files.add(stored);
			}
			long id = ++this.portal.state.lastCommentId;
			Map<String, Object> comment = new LinkedHashMap<>();
			comment.put("ID", id);
			comment.put("CREATED", SandboxTime.iso(this.portal.now()));
			comment.put("ENTITY_ID", entityId);
			comment.put("ENTITY_TYPE", entityType);
			comment.put("AUTHOR_ID", SandboxPortal.isBlank(fields.get("AUTHOR_ID")) ? actor
					: SandboxPortal.asLong(fields.get("AUTHOR_ID")));
			comment.put("COMMENT", String.valueOf(fields.get("COMMENT")));
			comment.put("FILES", files);
			this.portal.state.comments.put(id, comment);
			this.portal.changed();
			return id;
		}
	}

	private static boolean notFoundOwnerType() {
		throw RestError.notFound("Not found.");
	}

	private static long decodedSize(String base64) {
		try {
			return Base64.getDecoder().decode(base64.trim()).length;
		}
		catch (IllegalArgumentException ex) {
			return base64.length() * 3L / 4;
		}
	}

	List<Map<String, Object>> commentsOf(String entityType, long entityId) {
		synchronized (this.portal.lock) {
			return this.portal.state.comments.values()
				.stream()
				.filter((comment) -> entityType.equalsIgnoreCase(String.valueOf(comment.get("ENTITY_TYPE")))
						&& SandboxPortal.asLong(comment.get("ENTITY_ID")) == entityId)
				.map((comment) -> (Map<String, Object>) SandboxPortal.copy(comment))
				.toList();
		}
	}

}
