package ru.visitflow.idempotency;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Honours {@code Idempotency-Key} on state-changing {@code /api} calls of a logged-in
 * user (it runs after the security filters). The first request with a key claims it and
 * its answer is stored (unless it is a 5xx, which frees the key for a retry); a repeat
 * with the same method, path and body gets the stored answer with
 * {@code Idempotent-Replayed: true}; a repeat with anything else is refused with 422; a
 * repeat while the first is still running gets 409.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyFilter.class);

	private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final IdempotencyRepository keys;

	private final IdempotencyProperties properties;

	private final ObjectMapper json;

	private final Clock clock;

	private final AtomicReference<Instant> lastCleanup = new AtomicReference<>(Instant.EPOCH);

	IdempotencyFilter(IdempotencyRepository keys, IdempotencyProperties properties, ObjectMapper json, Clock clock) {
		this.keys = keys;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !path.startsWith("/api/") || !METHODS.contains(request.getMethod()) || request.getHeader(HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			chain.doFilter(request, response);
			return;
		}
		String key = request.getHeader(HEADER).trim();
		if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch((c) -> c > 32 && c < 127)) {
			problem(response, 400, "Invalid request", "Idempotency-Key must be 1 to 255 visible ASCII characters",
					"invalid");
			return;
		}
		String user = authentication.getName();
		HttpServletRequest body;
		String fingerprint;
		try {
			CachedBody cached = cache(request);
			body = cached.request();
			fingerprint = cached.fingerprint();
		}
		catch (IllegalStateException | IOException | ServletException ex) {
			// an upload over the size limits: let the application answer it (413) without
			// a key
			chain.doFilter(request, response);
			return;
		}
		Instant now = this.clock.instant();
		cleanUp(now);
		if (!this.keys.claim(user, key, fingerprint, now)) {
			Optional<IdempotencyRecord> known = this.keys.find(user, key);
			if (known.isPresent() && !known.get().fingerprint().equals(fingerprint)) {
				problem(response, 422, "Idempotency-Key reused",
						"This Idempotency-Key was used for a different request; make a new key for a new request",
						"reused");
				return;
			}
			if (known.isPresent() && known.get().answered()) {
				replay(known.get(), response);
				return;
			}
			boolean stale = known.isPresent()
					&& this.keys.takeOver(user, key, now.minus(this.properties.inFlightTimeout()), now);
			if (!stale && !(known.isEmpty() && this.keys.claim(user, key, fingerprint, now))) {
				problem(response, 409, "Request in progress",
						"A request with this Idempotency-Key is still being processed; try again shortly",
						"in_progress");
				return;
			}
		}
		ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
		boolean answered = false;
		try {
			chain.doFilter(body, captured);
			int status = captured.getStatus();
			if (status < 500) {
				this.keys.answer(user, key, status, captured.getContentType(), captured.getContentAsByteArray());
				answered = true;
			}
		}
		finally {
			if (!answered) {
				this.keys.release(user, key);
			}
			captured.copyBodyToResponse();
		}
	}

	private void replay(IdempotencyRecord record, HttpServletResponse response) throws IOException {
		response.setStatus(record.status());
		response.setHeader("Idempotent-Replayed", "true");
		if (record.contentType() != null) {
			response.setContentType(record.contentType());
		}
		if (record.body() != null) {
			response.getOutputStream().write(record.body());
		}
	}

	private void cleanUp(Instant now) {
		Instant last = this.lastCleanup.get();
		if (now.isAfter(last.plus(this.properties.cleanupInterval())) && this.lastCleanup.compareAndSet(last, now)) {
			int deleted = this.keys.deleteOlderThan(now.minus(this.properties.retention()));
			if (deleted > 0) {
				logger.info("Forgot {} idempotency keys older than {}", deleted, this.properties.retention());
			}
		}
	}

	private void problem(HttpServletResponse response, int status, String title, String detail, String code)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("errors", List.of(Map.of("field", HEADER, "code", code, "reason", detail)));
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * Reads the body once (or the parts of an upload) for the fingerprint and hands on a
	 * request that can be read again.
	 */
	private static CachedBody cache(HttpServletRequest request) throws IOException, ServletException {
		MessageDigest digest = sha256();
		digest.update((request.getMethod() + " " + request.getRequestURI() + "?"
				+ ((request.getQueryString() != null) ? request.getQueryString() : "") + "\n")
			.getBytes(StandardCharsets.UTF_8));
		String contentType = request.getContentType();
		if (contentType != null && contentType.toLowerCase().startsWith("multipart/")) {
			for (Part part : request.getParts()) {
				digest.update((part.getName() + "|" + part.getSubmittedFileName() + "|" + part.getContentType() + "\n")
					.getBytes(StandardCharsets.UTF_8));
				try (InputStream in = part.getInputStream()) {
					digest.update(in.readAllBytes());
				}
			}
			return new CachedBody(request, HexFormat.of().formatHex(digest.digest()));
		}
		byte[] bytes = request.getInputStream().readAllBytes();
		digest.update(bytes);
		return new CachedBody(new Replayable(request, bytes), HexFormat.of().formatHex(digest.digest()));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record CachedBody(HttpServletRequest request, String fingerprint) {
	}

	/** A request whose body was read already, served again from memory. */
	private static final class Replayable extends HttpServletRequestWrapper {

		private final byte[] body;

		Replayable(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					// the body is already in memory: all of it is available at once
					try {
						listener.onDataAvailable();
						listener.onAllDataRead();
					}
					catch (IOException ex) {
						listener.onError(ex);
					}
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = (getCharacterEncoding() != null) ? getCharacterEncoding() : "UTF-8";
			return new BufferedReader(new InputStreamReader(getInputStream(), Charset.forName(encoding)));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
