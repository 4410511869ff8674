package ru.visitflow.system;

import java.util.Optional;

/**
 * A part of Visitflow that can tell demo data must not be created, because it would reach
 * a real system (say, a customer's Bitrix24 portal). The demo asks every guard before it
 * creates anything.
 */
public interface DemoDataGuard {

	/** Why demo data must not be created now, or empty when it may. */
	Optional<String> refusal();

}
