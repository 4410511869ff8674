package ru.visitflow.visit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The media type of a file, told from its first bytes; what the client declared only
 * chooses between types the bytes cannot tell apart (a WebM with or without video, a ZIP
 * that is an office document). Files no signature matches are
 * {@code application/octet-stream}.
 */
final class MediaSniffer {

	static final String OCTET_STREAM = "application/octet-stream";

	private static final Set<String> OFFICE_ZIP = Set.of(
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation",
			"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet");

	private static final Set<String> OFFICE_OLE = Set.of("application/msword", "application/vnd.ms-excel",
			"application/vnd.ms-powerpoint");

	private MediaSniffer() {
	}

	record Sniffed(String contentType, MediaKind kind) {
	}

	/**
	 * Programs and scripts are never accepted, whatever the configuration allows for
	 * other files.
	 */
	private static final Set<String> PROGRAMS = Set.of("application/x-msdownload", "application/x-msdos-program",
			"application/x-executable", "application/x-sh", "application/x-bat",
			"application/vnd.microsoft.portable-executable", "application/x-elf", "application/java-archive",
			"application/vnd.android.package-archive");

	/** The type and kind; a null kind means the file is a program and refused. */
	static Sniffed sniff(byte[] b, String declared) {
		String hint = (declared != null) ? declared.toLowerCase(Locale.ROOT).split(";")[0].trim() : "";
		if (PROGRAMS.contains(hint) || starts(b, 'M', 'Z') || starts(b, 0x7F, 'E', 'L', 'F')) {
			return new Sniffed("application/x-msdownload", null);
		}
		if (starts(b, 0xFF, 0xD8, 0xFF)) {
			return new Sniffed("image/jpeg", MediaKind.IMAGE);
		}
		if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
			return new Sniffed("image/png", MediaKind.IMAGE);
		}
		if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
			return new Sniffed("image/gif", MediaKind.IMAGE);
		}
		if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
			return new Sniffed("image/webp", MediaKind.IMAGE);
		}
		if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) {
			return new Sniffed("audio/wav", MediaKind.AUDIO);
		}
		if (ascii(b, 4, "ftyp")) {
			String brand = (b.length >= 12) ? new String(b, 8, 4, StandardCharsets.US_ASCII) : "";
			if (brand.startsWith("heic") || brand.startsWith("heix") || brand.startsWith("mif1")
					|| brand.startsWith("heif")) {
				return new Sniffed("image/heic", MediaKind.IMAGE);
			}
			if (brand.startsWith("M4A") || hint.startsWith("audio/")) {
				return new Sniffed("audio/mp4", MediaKind.AUDIO);
			}
			if (brand.startsWith("qt")) {
				return new Sniffed("video/quicktime", MediaKind.VIDEO);
			}
			if (brand.startsWith("3gp")) {
				return new Sniffed("video/3gpp", MediaKind.VIDEO);
			}
			return new Sniffed("video/mp4", MediaKind.VIDEO);
		}
		if (starts(b, 0x1A, 0x45, 0xDF, 0xA3)) {
			return hint.startsWith("audio/") ? new Sniffed("audio/webm", MediaKind.AUDIO)
					: new Sniffed("video/webm", MediaKind.VIDEO);
		}
		if (ascii(b, 0, "OggS")) {
			return new Sniffed("audio/ogg", MediaKind.AUDIO);
		}
		if (ascii(b, 0, "ID3") || (b.length > 1 && (b[0] & 0xFF) == 0xFF && ((b[1] & 0xE0) == 0xE0))) {
			return new Sniffed("audio/mpeg", MediaKind.AUDIO);
		}
		if (ascii(b, 0, "#!AMR")) {
			return new Sniffed("audio/amr", MediaKind.AUDIO);
		}
		if (ascii(b, 0, "%PDF-")) {
			return new Sniffed("application/pdf", MediaKind.DOCUMENT);
		}
		if (starts(b, 'P', 'K', 0x03, 0x04)) {
			return OFFICE_ZIP.contains(hint) ? new Sniffed(hint, MediaKind.DOCUMENT)
					: new Sniffed("application/zip", MediaKind.OTHER);
		}
		if (starts(b, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
			return OFFICE_OLE.contains(hint) ? new Sniffed(hint, MediaKind.DOCUMENT)
					: new Sniffed(OCTET_STREAM, MediaKind.OTHER);
		}
		if (isText(b)) {
			return new Sniffed("text/plain", MediaKind.DOCUMENT);
		}
		return new Sniffed(OCTET_STREAM, MediaKind.OTHER);
	}

	private static boolean starts(byte[] b, int... prefix) {
		if (b.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((b[i] & 0xFF) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static boolean ascii(byte[] b, int offset, String text) {
		if (b.length < offset + text.length()) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (b[offset + i] != (byte) text.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/** UTF-8 without NUL or other control bytes (but tabs and line breaks). */
	private static boolean isText(byte[] b) {
		int n = Math.min(b.length, 8192);
		for (int i = 0; i < n; i++) {
			int c = b[i] & 0xFF;
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0C) {
				return false;
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(b, 0, (b.length > 8192) ? trimToCharBoundary(b, 8192) : b.length));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static int trimToCharBoundary(byte[] b, int n) {
		int end = n;
		while (end > 0 && (b[end] & 0xC0) == 0x80) {
			end--;
		}
		return end;
	}

}
