package ru.visitflow.bitrix24.client;

/**
 * No portal is configured (no webhook URL, no sandbox): nothing was sent, and retrying
 * cannot help.
 */
public class Bitrix24NotConfiguredException extends Bitrix24Exception {

	public Bitrix24NotConfiguredException(String method) {
		super(0, "", "no Bitrix24 portal is configured (set BITRIX24_WEBHOOK_URL)", method, null);
	}

	@Override
	public boolean isTransient() {
		return false;
	}

	@Override
	public boolean isAccessProblem() {
		return true;
	}

}
