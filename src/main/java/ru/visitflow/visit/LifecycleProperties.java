package ru.visitflow.visit;

import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;

/**
 * The visit lifecycle's settings. The lead times are the last (default) row of the
 * decision table {@code VisitLeadTimes} through the {@code lifecycleTimers} bean; the
 * table's other rows (per visit type and region) and the model may override them.
 *
 * @param inWorkLeadTime a visit moves from Draft to In work this long before its date
 * (start of that day)
 * @param repeatVisitLeadTime a repeat visit moves to In work this long before its date
 * (start of that day)
 * @param overdueGracePeriod added to the end of the planned day before the visit counts
 * as overdue
 * @param overdueRetention how long a visit stays in Overdue before it fails
 * @param defaultVisitTime the time of day used when only a date is given, in the rep's
 * time zone
 * @param pastTolerance how far in the past a planned start may lie and still be accepted
 * as "now"
 * @param taskFollowUpWindow how long after a visit is completed its rep may still make a
 * Bitrix24 task from it (a follow-up agreed at the client; an offline phone sends it
 * after the result)
 * @param reviewRequiredFor origins whose visits a supervisor reviews before they go to
 * work
 * @param visitTypes the visit types reps can choose
 */
@Validated
@ConfigurationProperties("visitflow.lifecycle")
public record LifecycleProperties(@NotNull Period inWorkLeadTime, @NotNull Period repeatVisitLeadTime,
		@NotNull Duration overdueGracePeriod, @NotNull Duration overdueRetention,
		@NotNull @DateTimeFormat(pattern = "HH:mm") LocalTime defaultVisitTime, @NotNull Duration pastTolerance,
		@NotNull Duration taskFollowUpWindow, Set<VisitOrigin> reviewRequiredFor,
		@NotEmpty @Valid List<VisitType> visitTypes) {

	public LifecycleProperties {
		reviewRequiredFor = (reviewRequiredFor != null) ? Set.copyOf(reviewRequiredFor) : Set.of();
	}

	public Optional<VisitType> visitType(String code) {
		return this.visitTypes.stream().filter((type) -> type.code().equals(code)).findFirst();
	}

	/**
	 * @param code stable id used by the API and Bitrix24 mapping
	 * @param name Russian name shown to users
	 * @param nameEn English name
	 * @param defaultDurationMinutes used when a visit is planned without a duration
	 */
	public record VisitType(@NotBlank String code, @NotBlank String name, @NotBlank String nameEn,
			@Positive int defaultDurationMinutes) {
	}

}
