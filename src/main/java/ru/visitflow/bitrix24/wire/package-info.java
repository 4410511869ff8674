/**
 * Bitrix24's wire format, shared by the client and the sandbox and depending on nothing
 * of Visitflow: the PHP bracket-notation query codec
 * ({@code parse_str}/{@code http_build_query}) and date-times as REST writes them.
 */
package ru.visitflow.bitrix24.wire;
