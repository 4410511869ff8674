package ru.visitflow.visit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import ru.visitflow.identity.Actor;
import ru.visitflow.system.ConflictException;
import ru.visitflow.system.InvalidInputException;
import ru.visitflow.system.NotFoundException;

/**
 * Files recorded with a visit's result while the visit is open (in work or overdue); they
 * reach Bitrix24 with the result on the item's timeline. The media type is told from the
 * bytes (see {@link MediaSniffer}); each kind has its size limit (413 above it, 415 for a
 * kind not accepted); the content goes to a file in the configured directory, written and
 * synced before the row is committed, and is served only to those who may see the visit.
 */
@Service
public class VisitAttachments {

	private final AttachmentRepository attachments;

	private final VisitService visits;

	private final AttachmentProperties properties;

	private final Clock clock;

	VisitAttachments(AttachmentRepository attachments, VisitService visits, AttachmentProperties properties,
			Clock clock) {
		this.attachments = attachments;
		this.visits = visits;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	public Attachment add(UUID visitId, String fileName, String contentType, byte[] content, Actor actor) {
		Visit visit = this.visits.get(visitId, actor).visit();
		if (!visit.stage().acceptsResult()) {
			throw new ConflictException(
					"Files are recorded with the result, while the visit is in work or overdue; it is "
							+ visit.stage());
		}
		if (content == null || content.length == 0) {
			throw new InvalidInputException("file", "required", "must not be empty");
		}
		MediaSniffer.Sniffed sniffed = MediaSniffer.sniff(content, contentType);
		long limit = (sniffed.kind() != null) ? this.properties.limitFor(sniffed.kind()).toBytes() : 0;
		if (limit <= 0) {
			throw AttachmentRejected.unsupported("the content is not a photo, video, voice message or document");
		}
		if (content.length > limit) {
			throw AttachmentRejected.tooLarge("a " + sniffed.kind().name().toLowerCase() + " file may be at most "
					+ megabytes(limit) + "; this one is " + megabytes(content.length));
		}
		long visitLimit = this.properties.maxPerVisit().toBytes();
		if (this.attachments.totalBytes(visitId) + content.length > visitLimit) {
			throw AttachmentRejected.tooLarge("the visit's files would exceed " + megabytes(visitLimit));
		}
		String name = (fileName == null || fileName.isBlank()) ? "file"
				: fileName.replaceAll("[\\\\/\\p{Cntrl}]", "_").trim();
		if (name.length() > 200) {
			name = name.substring(name.length() - 200);
		}
		Attachment attachment = new Attachment(UUID.randomUUID(), visitId, name, sniffed.contentType(), content.length,
				this.clock.instant(), actor.userId());
		String storagePath = visitId + "/" + attachment.id();
		Path file = write(storagePath, content);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				if (status != STATUS_COMMITTED) {
					delete(file);
				}
			}
		});
		this.attachments.insert(attachment, storagePath);
		return attachment;
	}

	@Transactional(readOnly = true)
	public List<Attachment> list(UUID visitId, Actor actor) {
		this.visits.get(visitId, actor);
		return this.attachments.of(visitId);
	}

	/** One file of a visit, for a caller who may see the visit. */
	@Transactional(readOnly = true)
	public Attachment find(UUID visitId, UUID attachmentId, Actor actor) {
		return list(visitId, actor).stream()
			.filter((a) -> a.id().equals(attachmentId))
			.findFirst()
			.orElseThrow(() -> new NotFoundException("No file " + attachmentId));
	}

	/** For the Bitrix24 sync, which runs without a user. */
	@Transactional(readOnly = true)
	public List<Attachment> of(UUID visitId) {
		return this.attachments.of(visitId);
	}

	@Transactional(readOnly = true)
	public byte[] content(UUID attachmentId) {
		AttachmentRepository.Stored stored = this.attachments.stored(attachmentId)
			.orElseThrow(() -> new NotFoundException("No file " + attachmentId));
		if (stored.content() != null) {
			return stored.content();
		}
		try {
			return Files.readAllBytes(resolve(stored.storagePath()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the file of attachment " + attachmentId, ex);
		}
	}

	private Path write(String storagePath, byte[] content) {
		Path target = resolve(storagePath);
		try {
			Files.createDirectories(target.getParent());
			Path temp = target.resolveSibling(target.getFileName() + ".part");
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				channel.write(ByteBuffer.wrap(content));
				channel.force(true);
			}
			return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot store an attachment in " + this.properties.directory(), ex);
		}
	}

	private Path resolve(String storagePath) {
		Path root = this.properties.directory().toAbsolutePath().normalize();
		Path path = root.resolve(storagePath).normalize();
		if (!path.startsWith(root)) {
			throw new IllegalStateException("Attachment path outside the attachment directory");
		}
		return path;
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// an orphan file is harmless; the row that would name it was not committed
		}
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
	}

}
