package ru.visitflow.plan;

import org.springframework.stereotype.Component;

import ru.visitflow.identity.Actor;
import ru.visitflow.system.ForbiddenException;

/**
 * Who sees and works which plans: a supervisor their own plans, a rep the plans set for
 * them alone (and only the requests in them), administrators all.
 */
@Component
class PlanAccess {

	boolean maySee(Actor actor, Plan plan) {
		return actor.isAdmin() || actor.userId().equals(plan.supervisorId())
				|| (plan.scope() == PlanScope.REP && actor.userId().equals(plan.repId()));
	}

	boolean mayManage(Actor actor, Plan plan) {
		return actor.isAdmin() || actor.userId().equals(plan.supervisorId());
	}

	void checkSee(Actor actor, Plan plan) {
		if (!maySee(actor, plan)) {
			throw new ForbiddenException("This plan belongs to another team");
		}
	}

	void checkManage(Actor actor, Plan plan) {
		if (!mayManage(actor, plan)) {
			throw new ForbiddenException("Only the plan's supervisor may do this");
		}
	}

	/** The head may always form; the rep only when the plan was handed to them. */
	void checkForm(Actor actor, Plan plan) {
		boolean former = mayManage(actor, plan)
				|| (plan.formedBy() == PlanFormer.REP && actor.userId().equals(plan.repId()));
		if (!former) {
			throw new ForbiddenException("This plan's requests are formed by someone else");
		}
	}

}
