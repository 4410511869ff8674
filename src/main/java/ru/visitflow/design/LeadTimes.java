package ru.visitflow.design;

import java.time.Duration;
import java.time.Period;

import ru.visitflow.visit.StageTimers;

/** The four lead times of one visit, as the decision and the model give them. */
record LeadTimes(Period inWork, Period repeatVisit, Duration overdueGrace, Duration overdueRetention) {

	StageTimers stageTimers() {
		return new StageTimers(this.inWork, this.repeatVisit, this.overdueGrace);
	}

}
