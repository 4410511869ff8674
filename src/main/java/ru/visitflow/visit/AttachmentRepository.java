package ru.visitflow.visit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AttachmentRepository {

	private final JdbcClient jdbc;

	AttachmentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Attachment attachment, String storagePath) {
		this.jdbc
			.sql("""
					insert into visit_attachment (id, visit_id, file_name, content_type, size_bytes, storage_path, created_at,
					  created_by)
					values (?, ?, ?, ?, ?, ?, ?, ?)
					""")
			.params(attachment.id(), attachment.visitId(), attachment.fileName(), attachment.contentType(),
					attachment.sizeBytes(), storagePath, attachment.createdAt().atOffset(ZoneOffset.UTC),
					attachment.createdBy())
			.update();
	}

	/**
	 * Where a file's content is: in the row (files stored before V21) or under the
	 * attachment directory.
	 */
	record Stored(byte[] content, String storagePath) {
	}

	Optional<Stored> stored(UUID id) {
		return this.jdbc.sql("select content, storage_path from visit_attachment where id = ?")
			.param(id)
			.query((rs, row) -> new Stored(rs.getBytes(1), rs.getString(2)))
			.optional();
	}

	List<Attachment> of(UUID visitId) {
		return this.jdbc.sql("""
				select id, visit_id, file_name, content_type, size_bytes, created_at, created_by
				from visit_attachment where visit_id = ? order by created_at, id
				""")
			.param(visitId)
			.query((rs, row) -> new Attachment(rs.getObject("id", UUID.class), rs.getObject("visit_id", UUID.class),
					rs.getString("file_name"), rs.getString("content_type"), rs.getLong("size_bytes"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("created_by")))
			.list();
	}

	long totalBytes(UUID visitId) {
		return this.jdbc.sql("select coalesce(sum(size_bytes), 0) from visit_attachment where visit_id = ?")
			.param(visitId)
			.query(Long.class)
			.single();
	}

}
