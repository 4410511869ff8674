package ru.visitflow.visit;

/** The kinds of result files, each with its own size limit. */
public enum MediaKind {

	IMAGE, VIDEO, AUDIO, DOCUMENT, OTHER

}
