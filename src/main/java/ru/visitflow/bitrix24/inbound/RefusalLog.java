package ru.visitflow.bitrix24.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Warnings about refused calls from unauthenticated senders, written so that they can
 * neither forge log lines nor flood the log: values are cut short and stripped of control
 * characters (a line break would start a fake line), and at most one warning per interval
 * is written, the next one telling how many were left out.
 */
final class RefusalLog {

	private static final int MAX_VALUE = 80;

	private final Logger logger;

	private final Duration interval;

	private final Clock clock;

	private final AtomicLong suppressed = new AtomicLong();

	private volatile Instant lastWritten;

	RefusalLog(Logger logger, Duration interval, Clock clock) {
		this.logger = logger;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Logs the refusal unless one was logged within the interval; the values are made
	 * safe first.
	 */
	void warn(String format, Object... values) {
		Instant now = this.clock.instant();
		synchronized (this) {
			if (this.lastWritten != null && now.isBefore(this.lastWritten.plus(this.interval))) {
				this.suppressed.incrementAndGet();
				return;
			}
			this.lastWritten = now;
		}
		Object[] safe = new Object[values.length];
		for (int i = 0; i < values.length; i++) {
			safe[i] = safe(values[i]);
		}
		long left = this.suppressed.getAndSet(0);
		this.logger.warn(format + ((left > 0) ? " ({} more refused since the last warning)" : ""),
				(left > 0) ? append(safe, left) : safe);
	}

	/** A value from an unauthenticated request as it may appear in a log line. */
	static String safe(Object value) {
		if (value == null) {
			return "-";
		}
		String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
		return (text.length() > MAX_VALUE) ? text.substring(0, MAX_VALUE) + "…" : text;
	}

	private static Object[] append(Object[] values, Object last) {
		Object[] all = new Object[values.length + 1];
		System.arraycopy(values, 0, all, 0, values.length);
		all[values.length] = last;
		return all;
	}

}
