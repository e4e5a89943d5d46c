package io.casecall.signaling.ops;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The waterfall's segments: consecutive, from the start to the last mark, nothing before the start. */
class WaterfallsTests {

	@Test
	void segmentsRunFromTheStartThroughEveryLaterMark() {
		List<OpsCalls.Mark> marks = List.of(new OpsCalls.Mark("page_ready", -900), new OpsCalls.Mark("join_click", 0),
				new OpsCalls.Mark("join_sent", 0.5), new OpsCalls.Mark("join_ack", 20),
				new OpsCalls.Mark("ice_connected", 120), new OpsCalls.Mark("dtls_connected", 180),
				new OpsCalls.Mark("first_frame", 260));

		List<OpsCalls.Segment> segments = Waterfalls.segments(marks);

		assertThat(segments).containsExactly(new OpsCalls.Segment("join_sent", 0, 0.5, 0.5),
				new OpsCalls.Segment("join_ack", 0.5, 20, 19.5), new OpsCalls.Segment("ice_connected", 20, 120, 100),
				new OpsCalls.Segment("dtls_connected", 120, 180, 60),
				new OpsCalls.Segment("first_frame", 180, 260, 80));
	}

	@Test
	void aJoinThatStoppedEarlyEndsAtItsLastMark() {
		List<OpsCalls.Segment> segments = Waterfalls.segments(
				List.of(new OpsCalls.Mark("join_sent", 1), new OpsCalls.Mark("join_ack", 35)));

		assertThat(segments).extracting(OpsCalls.Segment::phase).containsExactly("join_sent", "join_ack");
		assertThat(segments.get(1).toMs()).isEqualTo(35);
	}

}
