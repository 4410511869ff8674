package ru.visitflow.visit.api;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import ru.visitflow.identity.CurrentActor;
import ru.visitflow.visit.Attachment;
import ru.visitflow.visit.VisitAttachments;

@RestController
@RequestMapping("/api/visits/{visitId}/attachments")
@Tag(name = "Visits")
class AttachmentController {

	private final VisitAttachments attachments;

	AttachmentController(VisitAttachments attachments) {
		this.attachments = attachments;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Attach a photo, video, voice message or document to the result",
			description = "While the visit is in work or overdue. The type is told from the content; limits per kind "
					+ "(visitflow.attachments: 10 MB photos, voice and documents, 25 MB video and a visit's total) answer "
					+ "413, programs 415. The files go to the Bitrix24 item's timeline with the result. Honours "
					+ "Idempotency-Key.")
	ResponseEntity<Attachment> add(@PathVariable UUID visitId, @RequestParam("file") MultipartFile file)
			throws IOException {
		Attachment attachment = this.attachments.add(visitId, file.getOriginalFilename(), file.getContentType(),
				file.getBytes(), CurrentActor.get());
		return ResponseEntity.created(URI.create("/api/visits/" + visitId + "/attachments/" + attachment.id()))
			.body(attachment);
	}

	@GetMapping
	@Operation(summary = "The files of a visit")
	List<Attachment> list(@PathVariable UUID visitId) {
		return this.attachments.list(visitId, CurrentActor.get());
	}

	@GetMapping("/{attachmentId}")
	@Operation(summary = "One file's content")
	ResponseEntity<byte[]> content(@PathVariable UUID visitId, @PathVariable UUID attachmentId) {
		Attachment attachment = this.attachments.find(visitId, attachmentId, CurrentActor.get());
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(attachment.contentType()))
			.header("X-Content-Type-Options", "nosniff")
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename(attachment.fileName(), StandardCharsets.UTF_8)
						.build()
						.toString())
			.body(this.attachments.content(attachmentId));
	}

}
