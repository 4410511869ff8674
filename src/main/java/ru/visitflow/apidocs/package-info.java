/**
 * The JSON API's documentation: the OpenAPI document (title, security schemes, the
 * problem-details answers every operation may give) and the {@code /api} index that
 * points clients to it.
 */
package ru.visitflow.apidocs;
