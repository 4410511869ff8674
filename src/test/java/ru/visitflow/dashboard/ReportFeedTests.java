package ru.visitflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The feed's tokens and rate limit, without a database. */
class ReportFeedTests {

	private final ReportFeed feed = new ReportFeed(null,
			new DashboardProperties(30, Map.of("powerbi", "s3cret-token", "unset", ""), 2, Duration.ZERO));

	@Test
	void aTokenNamesItsConsumerAndAWrongOrEmptyOneNone() {
		assertThat(this.feed.consumer("s3cret-token")).isEqualTo("powerbi");
		assertThat(this.feed.consumer("s3cret-tokeN")).isNull();
		assertThat(this.feed.consumer("")).isNull();
		assertThat(this.feed.consumer(null)).isNull();
	}

	@Test
	void eachConsumerHasItsOwnLimitPerMinute() {
		assertThat(this.feed.admit("powerbi")).isTrue();
		assertThat(this.feed.admit("powerbi")).isTrue();
		assertThat(this.feed.admit("powerbi")).isFalse();
		assertThat(this.feed.admit("other")).isTrue();
	}

	@Test
	void onlyTheReportingViewsAreServed() {
		assertThat(this.feed.knows("visits", "csv")).isTrue();
		assertThat(this.feed.knows("sales", "xlsx")).isTrue();
		assertThat(this.feed.knows("visit_attachment", "csv")).isFalse();
		assertThat(this.feed.knows("visits", "json")).isFalse();
	}

}
