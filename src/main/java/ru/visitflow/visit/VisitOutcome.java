package ru.visitflow.visit;

/**
 * The result of a conducted visit. The forms in {@code forms/} offer exactly these
 * values.
 */
public enum VisitOutcome {

	ORDER_PLACED, AGREEMENT_REACHED, INFORMATION_PROVIDED, NO_DECISION, CLIENT_ABSENT

}
