package ru.visitflow.design;

import java.util.UUID;

import org.springframework.stereotype.Component;

import ru.visitflow.visit.Visit;
import ru.visitflow.visit.VisitService;

/**
 * What the lead-time decision reads about a visit, for the model's expressions:
 * {@code ${visitFacts.visitType(execution.processBusinessKey)}} (the business key is the
 * visit id).
 */
@Component("visitFacts")
public class VisitFacts {

	private final VisitService visits;

	VisitFacts(VisitService visits) {
		this.visits = visits;
	}

	public String visitType(String visitId) {
		return visit(visitId).visitType();
	}

	public String region(String visitId) {
		return visit(visitId).region();
	}

	private Visit visit(String visitId) {
		if (visitId == null) {
			throw new IllegalStateException("The process instance has no business key (the visit id)");
		}
		return this.visits.load(UUID.fromString(visitId));
	}

}
