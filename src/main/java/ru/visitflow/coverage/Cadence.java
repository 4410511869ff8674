package ru.visitflow.coverage;

/**
 * A company's cadence as set: a segment (A, B, C), its own frequency in days, or both
 * (the frequency wins).
 */
public record Cadence(long companyId, String segment, Integer frequencyDays) {
}
