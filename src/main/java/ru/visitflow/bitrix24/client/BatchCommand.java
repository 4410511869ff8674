package ru.visitflow.bitrix24.client;

import java.util.Map;

/**
 * One command of a {@code batch}: its id (unique in the batch), the method and its
 * parameters.
 */
public record BatchCommand(String id, String method, Map<String, ?> params) {
}
