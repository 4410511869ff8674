package ru.visitflow.field;

/**
 * The two marks a rep makes at a client: arriving (the "start visit" button) and leaving
 * ("finish").
 */
public enum CheckKind {

	CHECK_IN, CHECK_OUT

}
