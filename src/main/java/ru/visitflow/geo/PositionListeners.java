package ru.visitflow.geo;

import java.util.List;

import org.springframework.stereotype.Component;

/** Tells whoever caches positions (the map's marker index) that one changed. */
@Component
public class PositionListeners {

	/** Implemented by caches of positions. */
	public interface Listener {

		void positionsChanged();

	}

	private final List<Listener> listeners;

	PositionListeners(List<Listener> listeners) {
		this.listeners = listeners;
	}

	void changed() {
		this.listeners.forEach(Listener::positionsChanged);
	}

}
