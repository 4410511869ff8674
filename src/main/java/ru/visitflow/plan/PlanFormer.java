package ru.visitflow.plan;

/**
 * Who forms the visit requests: the head alone, or the rep (a task in Tasklist or the
 * field app).
 */
public enum PlanFormer {

	HEAD, REP

}
