package ru.visitflow.bitrix24.inbound;

/**
 * A Bitrix24 change Visitflow cannot act on and retrying will not change (an item of a
 * rep Visitflow does not know, without a company or a date): kept with its reason, not
 * retried.
 */
class IgnoredEvent extends RuntimeException {

	IgnoredEvent(String reason) {
		super(reason);
	}

}
