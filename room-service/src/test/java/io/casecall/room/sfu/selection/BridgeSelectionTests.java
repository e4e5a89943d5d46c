package io.casecall.room.sfu.selection;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.sfu.selection.BridgeCandidate.Health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BridgeSelectionTests {

	private final BridgeSelectionStrategy single = BridgeSelectionStrategy.named("single");

	private final BridgeSelectionStrategy leastLoaded = BridgeSelectionStrategy.named("least-loaded");

	@Test
	void singleAlwaysPicksTheFirstBridgeEvenWhenOthersAreIdler() {
		assertThat(this.single.select(List.of(bridge("a", Health.UP, 0.9), bridge("b", Health.UP, 0.1))).name())
			.isEqualTo("a");
		assertThat(this.single.select(List.of(BridgeCandidate.unchecked("a", null))).name())
			.as("a bridge not checked yet may take rooms")
			.isEqualTo("a");
	}

	@Test
	void singleFailsAtOnceWhenItsBridgeIsDown() {
		assertThatThrownBy(() -> this.single.select(List.of(bridge("a", Health.DOWN, 0.1), bridge("b", Health.UP, 0))))
			.isInstanceOf(BridgeSelectionFailedException.class)
			.isInstanceOf(SfuUnavailableException.class)
			.hasMessageContaining("a failed its last health check");
	}

	@Test
	void leastLoadedPicksTheLowestStressAmongHealthyBridges() {
		List<BridgeCandidate> bridges = List.of(bridge("a", Health.UP, 0.5), bridge("b", Health.DOWN, 0.0),
				bridge("c", Health.UP, 0.2), bridge("d", Health.UP, 0.3));

		assertThat(this.leastLoaded.select(bridges).name()).isEqualTo("c");
	}

	@Test
	void leastLoadedRanksUnknownLoadLastAndKeepsConfigurationOrderOnTies() {
		assertThat(this.leastLoaded
			.select(List.of(BridgeCandidate.unchecked("a", null), bridge("b", Health.UP, 0.7), bridge("c", Health.UP, 0.7)))
			.name()).isEqualTo("b");
		assertThat(this.leastLoaded.select(List.of(BridgeCandidate.unchecked("a", null))).name()).isEqualTo("a");
	}

	@Test
	void leastLoadedFallsBackToParticipantsWithoutStressLevels() {
		BridgeCandidate busy = new BridgeCandidate("a", null, Health.UP, -1, 3, 12);
		BridgeCandidate quiet = new BridgeCandidate("b", null, Health.UP, -1, 1, 2);

		assertThat(this.leastLoaded.select(List.of(busy, quiet)).name()).isEqualTo("b");
		assertThat(quiet.load()).isEqualTo(2);
	}

	@Test
	void leastLoadedFailsWhenNoBridgeIsHealthy() {
		assertThatThrownBy(() -> this.leastLoaded.select(List.of(bridge("a", Health.DOWN, 0), bridge("b", Health.DOWN, 0))))
			.isInstanceOf(BridgeSelectionFailedException.class)
			.hasMessageContaining("None of the 2 bridges");
		assertThatThrownBy(() -> this.leastLoaded.select(List.of())).isInstanceOf(BridgeSelectionFailedException.class);
	}

	@Test
	void strategiesArePickedByTheirConfigurationName() {
		assertThat(this.single).isInstanceOf(SingleBridgeStrategy.class);
		assertThat(this.leastLoaded).isInstanceOf(LeastLoadedStrategy.class);
		assertThatThrownBy(() -> BridgeSelectionStrategy.named("round-robin"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("single, least-loaded");
	}

	private static BridgeCandidate bridge(String name, Health health, double stress) {
		return new BridgeCandidate(name, "eu", health, stress, 1, 2);
	}

}
