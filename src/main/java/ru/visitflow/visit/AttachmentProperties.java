package ru.visitflow.visit;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where result files are kept (a directory, outside the database rows) and how large each
 * kind may be. The servlet's multipart limit must be at least the largest of these.
 *
 * @param directory where the files go, one folder per visit
 * @param maxImage photos (resized on the phone to about 2 megapixels, so well under this)
 * @param maxVideo videos
 * @param maxAudio voice messages
 * @param maxDocument PDF, text and office documents
 * @param maxOther any other file; zero refuses files of unknown kinds
 * @param maxPerVisit all files of one visit together (they go to Bitrix24 in one request
 * with the result)
 */
@Validated
@ConfigurationProperties("visitflow.attachments")
public record AttachmentProperties(@DefaultValue("./data/attachments") @NotNull Path directory,
		@DefaultValue("10MB") @NotNull DataSize maxImage, @DefaultValue("25MB") @NotNull DataSize maxVideo,
		@DefaultValue("10MB") @NotNull DataSize maxAudio, @DefaultValue("10MB") @NotNull DataSize maxDocument,
		@DefaultValue("10MB") @NotNull DataSize maxOther, @DefaultValue("25MB") @NotNull DataSize maxPerVisit) {

	/** The limit for a kind of file. */
	public DataSize limitFor(MediaKind kind) {
		return switch (kind) {
			case IMAGE -> this.maxImage;
			case VIDEO -> this.maxVideo;
			case AUDIO -> this.maxAudio;
			case DOCUMENT -> this.maxDocument;
			case OTHER -> this.maxOther;
		};
	}

}
