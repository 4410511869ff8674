package ru.visitflow.field;

/** The two marks a rep makes at a client: arriving (Начать визит) and leaving (Завершить). */
public enum CheckKind {

	CHECK_IN, CHECK_OUT

}
