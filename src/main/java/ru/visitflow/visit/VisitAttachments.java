package ru.visitflow.visit;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import ru.visitflow.identity.Actor;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;

/**
 * Files recorded with a visit's result while the visit is open (in work or overdue); they reach Bitrix24 with
 * the result on the item's timeline. Bounded so that one visit's result stays one Bitrix24 request.
 */
@Service
public class VisitAttachments {

	/** Per file and per visit: Bitrix24 takes files base64-encoded in the request, which adds a third. */
	public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

	public static final long MAX_VISIT_BYTES = 25L * 1024 * 1024;

	private static final Set<String> TYPES = Set.of("image/", "video/", "audio/", "text/plain", "application/pdf");

	private final AttachmentRepository attachments;

	private final VisitService visits;

	private final Clock clock;

	VisitAttachments(AttachmentRepository attachments, VisitService visits, Clock clock) {
		this.attachments = attachments;
		this.visits = visits;
		this.clock = clock;
	}

	@Transactional
	public Attachment add(UUID visitId, String fileName, String contentType, byte[] content, Actor actor) {
		Visit visit = this.visits.get(visitId, actor).visit();
		if (!visit.stage().acceptsResult()) {
			throw new ConflictException("Files are recorded with the result, while the visit is in work or overdue; it is "
					+ visit.stage());
		}
		if (content == null || content.length == 0) {
			throw new InvalidInputException("file", "required", "must not be empty");
		}
		if (content.length > MAX_FILE_BYTES) {
			throw new InvalidInputException("file", "too_large", "is larger than " + MAX_FILE_BYTES / 1024 / 1024 + " MB");
		}
		String type = (contentType == null || contentType.isBlank()) ? "application/octet-stream" : contentType;
		if (TYPES.stream().noneMatch(type::startsWith)) {
			throw new InvalidInputException("file", "type",
					"'" + type + "' is not a photo, video, voice message, text or PDF");
		}
		if (this.attachments.totalBytes(visitId) + content.length > MAX_VISIT_BYTES) {
			throw new InvalidInputException("file", "too_large",
					"the visit's files would exceed " + MAX_VISIT_BYTES / 1024 / 1024 + " MB");
		}
		String name = (fileName == null || fileName.isBlank()) ? "file" : fileName.replaceAll("[\\\\/]", "_").trim();
		Attachment attachment = new Attachment(UUID.randomUUID(), visitId, name, type, content.length,
				this.clock.instant(), actor.userId());
		this.attachments.insert(attachment, content);
		return attachment;
	}

	@Transactional(readOnly = true)
	public List<Attachment> list(UUID visitId, Actor actor) {
		this.visits.get(visitId, actor);
		return this.attachments.of(visitId);
	}

	/** For the Bitrix24 sync, which runs without a user. */
	@Transactional(readOnly = true)
	public List<Attachment> of(UUID visitId) {
		return this.attachments.of(visitId);
	}

	@Transactional(readOnly = true)
	public byte[] content(UUID attachmentId) {
		return this.attachments.content(attachmentId).orElseThrow(() -> new NotFoundException("No file " + attachmentId));
	}

}
