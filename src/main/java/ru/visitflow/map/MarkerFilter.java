package ru.visitflow.map;

import java.util.Set;

import ru.visitflow.visit.VisitStage;

/**
 * What the map shows. Null means any.
 *
 * @param owners the Bitrix24 owners the viewer may see (null: all)
 * @param owner only this owner's companies (the "rep" filter)
 * @param region only this region
 * @param visitType only companies with a visit of this type
 * @param stage only companies with a visit in this stage
 * @param lastVisit only companies whose last completed visit is of this age (NONE: never
 * visited)
 */
public record MarkerFilter(Set<Long> owners, Long owner, String region, String visitType, VisitStage stage,
		MarkerColour lastVisit) {

	public static MarkerFilter visibleTo(Set<Long> owners) {
		return new MarkerFilter(owners, null, null, null, null, null);
	}

}
