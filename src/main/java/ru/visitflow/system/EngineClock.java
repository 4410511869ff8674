package ru.visitflow.system;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The engine's clock as a {@link Clock}: domain code asks it for "now", so tests that
 * move the engine clock move the whole of Visitflow with it and timers and read model
 * never disagree.
 */
public final class EngineClock extends Clock {

	private final ZoneId zone;

	public EngineClock() {
		this(ZoneOffset.UTC);
	}

	private EngineClock(ZoneId zone) {
		this.zone = zone;
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new EngineClock(zone);
	}

	@Override
	public Instant instant() {
		return ClockUtil.getCurrentTime().toInstant();
	}

}
