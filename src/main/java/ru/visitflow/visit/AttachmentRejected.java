package ru.visitflow.visit;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A file refused for its size (413) or its kind (415), answered as problem details naming
 * the file field.
 */
public class AttachmentRejected extends ErrorResponseException {

	public AttachmentRejected(HttpStatus status, String code, String reason) {
		super(status, problem(status, code, reason), null);
	}

	public static AttachmentRejected tooLarge(String reason) {
		return new AttachmentRejected(HttpStatus.PAYLOAD_TOO_LARGE, "too_large", reason);
	}

	public static AttachmentRejected unsupported(String reason) {
		return new AttachmentRejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "type", reason);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

	private static ProblemDetail problem(HttpStatus status, String code, String reason) {
		ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, "file: " + reason);
		detail.setTitle((status == HttpStatus.PAYLOAD_TOO_LARGE) ? "File too large" : "File type not accepted");
		detail.setType(URI.create("about:blank"));
		detail.setProperty("errors", List.of(Map.of("field", "file", "code", code, "reason", reason)));
		return detail;
	}

}
