package ru.visitflow.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Keeps the portal across restarts of the app: on start the snapshot file, when there is
 * one, replaces the seed; after changes the state is written at most once per interval,
 * and once more on shutdown (written to a temporary file, then moved into place). Under
 * the {@code test} profile, or with no file configured, nothing is read or written.
 */
@Component
@ConditionalOnBitrix24Sandbox
class SandboxSnapshots implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(SandboxSnapshots.class);

	private final SandboxPortal portal;

	private final Path file;

	private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
			false);

	private final AtomicBoolean dirty = new AtomicBoolean();

	private final ScheduledExecutorService scheduler;

	SandboxSnapshots(SandboxPortal portal, SandboxProperties settings, Environment environment) {
		this.portal = portal;
		boolean enabled = settings.snapshotFile() != null && !settings.snapshotFile().isBlank()
				&& !environment.acceptsProfiles(Profiles.of("test"));
		this.file = enabled ? Path.of(settings.snapshotFile()) : null;
		if (this.file == null) {
			this.scheduler = null;
			return;
		}
		load();
		portal.onChange(() -> this.dirty.set(true));
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "bitrix24-sandbox-snapshots");
			thread.setDaemon(true);
			return thread;
		});
		long interval = Math.max(100, settings.snapshotInterval().toMillis());
		this.scheduler.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.MILLISECONDS);
	}

	private void load() {
		if (!Files.isRegularFile(this.file)) {
			logger.info("Bitrix24 sandbox: no snapshot at {}, starting from the seed", this.file.toAbsolutePath());
			return;
		}
		try {
			this.portal.restore(this.json.readValue(this.file.toFile(), PortalState.class));
			logger.info("Bitrix24 sandbox: state restored from {}", this.file.toAbsolutePath());
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Bitrix24 sandbox: snapshot {} unreadable ({}), starting from the seed", this.file,
					ex.toString());
		}
	}

	/** Writes the state if it changed since the last write. */
	void flush() {
		if (this.file == null || !this.dirty.getAndSet(false)) {
			return;
		}
		try {
			byte[] bytes = this.portal.withState((state) -> {
				try {
					return this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Path parent = this.file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Path temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
			Files.write(temporary, bytes);
			Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | RuntimeException ex) {
			this.dirty.set(true);
			logger.warn("Bitrix24 sandbox: snapshot not written to {} ({})", this.file, ex.toString());
		}
	}

	@Override
	public void destroy() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			flush();
		}
	}

}
