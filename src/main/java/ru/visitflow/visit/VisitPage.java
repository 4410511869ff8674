package ru.visitflow.visit;

import java.util.List;

public record VisitPage(List<Visit> items, int page, int size, long total) {
}
