package ru.visitflow.bitrix24.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import okhttp3.HttpUrl;

import org.springframework.core.env.Environment;

/**
 * The base URL methods are appended to: the configured inbound webhook, or the built-in
 * sandbox on this very server, whose port is only known once the web server runs and so
 * is read at each call. When the portal answers that it moved, the client switches every
 * later call to the new base here.
 * <p>
 * The base holds the webhook code, a secret: {@link #toString()} and {@link #host()} give
 * the host only, and {@link #redact(String)} blanks the secret out of any text bound for
 * a log or a message.
 */
public final class Bitrix24Endpoint implements Supplier<HttpUrl> {

	static final String SANDBOX_PATH = "/bitrix24-sandbox/rest/10/sandbox-webhook/";

	private final Supplier<HttpUrl> configured;

	private final AtomicReference<HttpUrl> moved = new AtomicReference<>();

	private Bitrix24Endpoint(Supplier<HttpUrl> configured) {
		this.configured = configured;
	}

	/** A fixed base, e.g. a test server's; a missing trailing slash is added. */
	public static Bitrix24Endpoint fixed(HttpUrl base) {
		HttpUrl normalised = normalise(base);
		return new Bitrix24Endpoint(() -> normalised);
	}

	/**
	 * A portal's inbound webhook URL.
	 * @throws IllegalArgumentException if it is not an http(s) URL (the value is not
	 * repeated)
	 */
	public static Bitrix24Endpoint webhook(String url) {
		HttpUrl webhook = HttpUrl.parse(url.trim());
		if (webhook == null) {
			throw new IllegalArgumentException(
					"visitflow.bitrix24.webhook-url is not an http(s) URL (value not shown: it is a secret)");
		}
		return fixed(webhook);
	}

	/**
	 * The built-in sandbox on this server, reached over HTTP like any portal, at
	 * {@code http://localhost:{port}/bitrix24-sandbox/rest/10/sandbox-webhook/} with the
	 * port from {@code local.server.port}, else {@code server.port}, else 8080.
	 */
	public static Bitrix24Endpoint sandbox(Environment environment) {
		return new Bitrix24Endpoint(() -> sandboxUrl(environment));
	}

	private static HttpUrl sandboxUrl(Environment environment) {
		int port = environment.getProperty("local.server.port", Integer.class,
				environment.getProperty("server.port", Integer.class, 8080));
		return new HttpUrl.Builder().scheme("http").host("localhost").port(port).encodedPath(SANDBOX_PATH).build();
	}

	private static HttpUrl normalise(HttpUrl base) {
		String path = base.encodedPath();
		HttpUrl.Builder builder = base.newBuilder().query(null).fragment(null);
		return path.endsWith("/") ? builder.build() : builder.encodedPath(path + "/").build();
	}

	/** The base URL to append a method name to, always ending in a slash. */
	@Override
	public HttpUrl get() {
		HttpUrl base = this.moved.get();
		return (base != null) ? base : this.configured.get();
	}

	/** The URL of one method. */
	HttpUrl method(String method) {
		return get().newBuilder().addPathSegment(method).build();
	}

	/** From now on calls go to this base: the portal answered with a redirect. */
	void moveTo(HttpUrl base) {
		this.moved.set(normalise(base));
	}

	/** The host and port, all that may be logged. */
	public String host() {
		HttpUrl base = get();
		return base.host() + ":" + base.port();
	}

	/**
	 * The text with every path segment of the base URL that could be the webhook code
	 * replaced by "***".
	 */
	String redact(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String redacted = text;
		for (HttpUrl base : bases()) {
			for (String segment : base.encodedPathSegments()) {
				if (segment.length() >= 4 && !segment.equals("rest") && !segment.equals("api")
						&& !segment.equals("bitrix24-sandbox")) {
					redacted = redacted.replace(segment, "***");
				}
			}
		}
		return redacted;
	}

	private List<HttpUrl> bases() {
		List<HttpUrl> bases = new ArrayList<>(2);
		HttpUrl moved = this.moved.get();
		if (moved != null) {
			bases.add(moved);
		}
		bases.add(this.configured.get());
		return bases;
	}

	@Override
	public String toString() {
		return "Bitrix24Endpoint[" + host() + "]";
	}

}
