package ru.visitflow.bitrix24.client;

/**
 * The portal answered, with a Bitrix24 error ({@code error}, {@code error_description}).
 */
public class Bitrix24ApiException extends Bitrix24Exception {

	public Bitrix24ApiException(int httpStatus, String code, String description, String method) {
		super(httpStatus, code, description, method, null);
	}

}
