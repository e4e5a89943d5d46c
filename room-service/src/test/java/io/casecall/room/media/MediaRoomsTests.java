package io.casecall.room.media;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.casecall.room.call.Call;
import io.casecall.room.call.CallEvent;
import io.casecall.room.call.CallEventBus;
import io.casecall.room.call.CallIntegrationSupport;
import io.casecall.room.call.CallPresence;
import io.casecall.room.call.CallService;
import io.casecall.room.call.CallSpec;
import io.casecall.room.call.EndReason;
import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceStatus;
import io.casecall.room.sfu.SfuInstanceWatcher;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The one room lifecycle against the real call store: one claim per room, one allocation per connect, release. */
class MediaRoomsTests extends CallIntegrationSupport {

	@Autowired
	CallService calls;

	@Autowired
	CallPresence presence;

	@Autowired
	CallEventBus events;

	private final RecordingGateway gateway = new RecordingGateway();

	private MediaRooms rooms;

	@BeforeEach
	void rooms() {
		this.rooms = new MediaRooms(this.gateway, this.presence, this.calls, this.events, Duration.ofMillis(50),
				(callId) -> 0);
	}

	@AfterEach
	void stop() {
		this.rooms.close();
	}

	@Test
	void bothParticipantsOfANewCallUseTheOneClaimedInstanceEvenWhenTheLoadChangesBetweenThem() {
		Call created = newCall();
		this.gateway.choices.addAll(List.of("sfu-a", "sfu-b")); // the second participant would pick another

		this.rooms.connect(created, created.agent().participantId(), "Maria", NOBODY);
		this.rooms.connect(created, created.customer().participantId(), "Li Wei", NOBODY); // a stale snapshot

		SfuRoom room = new SfuRoom(created.room(), "sfu-a");
		assertThat(this.gateway.allocations).as("one allocation per connect, both on the claim").containsExactly(room,
				room);
		assertThat(this.calls.get(created.id()).sfuInstance()).isEqualTo("sfu-a");
	}

	@Test
	void aCallThatHasAnInstanceIsNotClaimedAgain() {
		Call created = newCall();
		this.gateway.choices.add("sfu-a");
		this.rooms.connect(created, created.agent().participantId(), "Maria", NOBODY);
		Call claimed = this.calls.get(created.id());

		this.rooms.connect(claimed, claimed.customer().participantId(), "Li Wei", NOBODY);

		assertThat(this.gateway.choices).as("nobody asked for another instance").isEmpty();
		assertThat(this.gateway.allocations).extracting(SfuRoom::instance).containsExactly("sfu-a", "sfu-a");
	}

	@Test
	void theRoomIsReleasedWhenTheCallEndsAndWhenItsSeatsStayEmpty() {
		Call ended = newCall();
		Call emptied = newCall();
		this.gateway.choices.addAll(List.of("sfu-a", "sfu-a"));
		this.rooms.connect(ended, ended.agent().participantId(), "Maria", NOBODY);
		this.rooms.connect(emptied, emptied.agent().participantId(), "Maria", NOBODY);

		this.calls.end(ended.id(), EndReason.AGENT_ENDED, null, null);
		this.rooms.seatFreed(emptied.id());

		await().untilAsserted(() -> assertThat(this.gateway.releases).containsExactlyInAnyOrder(
				new SfuRoom(ended.room(), "sfu-a"), new SfuRoom(emptied.room(), "sfu-a")));
	}

	@Test
	void aConnectToARoomWhoseInstanceIsUnavailableMovesTheRoomToAHealthyOne() {
		Call created = newCall();
		this.gateway.choices.addAll(List.of("sfu-a", "sfu-b"));
		this.rooms.connect(created, created.agent().participantId(), "Maria", NOBODY);
		this.gateway.down.add("sfu-a");

		this.rooms.connect(this.calls.get(created.id()), created.customer().participantId(), "Li Wei", NOBODY);

		assertThat(this.calls.get(created.id()).sfuInstance()).isEqualTo("sfu-b");
		assertThat(this.gateway.allocations).extracting(SfuRoom::instance).containsExactly("sfu-a", "sfu-b");
	}

	@Test
	void aLostInstancesLiveRoomsMoveOnceEvenWhenTwoNodesSeeTheLoss() {
		Call live = newCall();
		Call elsewhere = newCall();
		this.gateway.choices.addAll(List.of("sfu-a", "sfu-c"));
		this.rooms.connect(live, live.agent().participantId(), "Maria", NOBODY);
		this.rooms.connect(elsewhere, elsewhere.agent().participantId(), "Maria", NOBODY);
		RecordingGateway otherGateway = new RecordingGateway();
		try (MediaRooms otherNode = new MediaRooms(otherGateway, this.presence, this.calls, this.events,
				Duration.ofMillis(50), (callId) -> 0)) {
			Call stale = this.calls.get(live.id());
			otherNode.connect(stale, live.customer().participantId(), "Li Wei", NOBODY);
			this.gateway.down.add("sfu-a");
			otherGateway.down.add("sfu-a");
			this.gateway.choices.add("sfu-b");
			otherGateway.choices.add("sfu-d"); // the other node would pick another: it loses the race

			this.gateway.watcher.lost("sfu-a");
			await().until(() -> this.gateway.allocations.size() == 3);
			otherGateway.watcher.lost("sfu-a");

			otherNode.connect(stale, live.customer().participantId(), "Li Wei", NOBODY); // its move loses the race
			// (the other node allocated on sfu-b once more if it saw the loss before it heard of the move)
			assertThat(otherGateway.allocations).extracting(SfuRoom::instance)
				.as("the other node follows the record, never its own choice")
				.startsWith("sfu-a")
				.endsWith("sfu-b")
				.doesNotContain("sfu-d");
			assertThat(this.calls.get(live.id()).sfuInstance()).isEqualTo("sfu-b");
			assertThat(this.gateway.allocations).extracting(SfuRoom::instance).containsExactly("sfu-a", "sfu-c", "sfu-b");
			assertThat(this.calls.get(elsewhere.id()).sfuInstance()).as("a room on another instance stays").isEqualTo("sfu-c");
		}
		this.gateway.down.remove("sfu-a");
		this.gateway.watcher.back("sfu-a");
		await().untilAsserted(() -> assertThat(this.gateway.releases).as("the room left behind is destroyed there")
			.containsExactly(new SfuRoom(live.room(), "sfu-a")));
	}

	@Test
	void aNodeThatStillReachesTheOldInstanceDestroysTheMovedRoomThereOnceAndLateForeignOrUnreachableMovesChangeNothing() {
		Call live = newCall();
		Call stays = newCall();
		Call marker = newCall();
		this.gateway.choices.add("sfu-a");
		this.rooms.connect(live, live.agent().participantId(), "Maria", NOBODY);
		RecordingGateway otherGateway = new RecordingGateway();
		otherGateway.down.add("sfu-x");
		try (MediaRooms otherNode = new MediaRooms(otherGateway, this.presence, this.calls, this.events,
				Duration.ofMinutes(1), (callId) -> 1)) {
			otherNode.connect(this.calls.get(live.id()), live.customer().participantId(), "Li Wei", NOBODY);
			otherGateway.choices.addAll(List.of("sfu-c", "sfu-c"));
			otherNode.connect(stays, stays.agent().participantId(), "Maria", NOBODY);
			otherNode.connect(marker, marker.agent().participantId(), "Maria", NOBODY);
			// a split: only this node lost sfu-a; the other one still reaches it
			this.gateway.down.add("sfu-a");
			this.gateway.choices.add("sfu-b");

			this.gateway.watcher.lost("sfu-a");

			SfuRoom behind = new SfuRoom(live.room(), "sfu-a");
			await().untilAsserted(() -> assertThat(otherGateway.releases)
				.as("the other node let the room go on the old instance at once").containsExactly(behind));
			this.events.publish(new CallEvent.RoomMoved(live.id(), "sfu-a", "sfu-b")); // late, or twice
			this.events.publish(new CallEvent.RoomMoved(stays.id(), "sfu-c", "sfu-x")); // somewhere it does not reach
			this.events.publish(new CallEvent.RoomMoved(UUID.randomUUID().toString(), "sfu-a", "sfu-b")); // not ours
			this.presence.moveSfuInstance(marker.id(), "sfu-c", "sfu-b"); // heard after the three above
			await().untilAsserted(() -> assertThat(otherGateway.releases).hasSize(2));

			assertThat(otherGateway.releases).containsExactly(behind, new SfuRoom(marker.room(), "sfu-c"));
			assertThat(this.gateway.allocations).as("the mover hears its own move and does nothing more")
				.extracting(SfuRoom::instance)
				.containsExactly("sfu-a", "sfu-b");
			assertThat(this.gateway.releases).as("the mover cannot reach sfu-a: later").isEmpty();
			otherNode.connect(this.calls.get(live.id()), live.customer().participantId(), "Li Wei", NOBODY);
			assertThat(otherGateway.allocations).extracting(SfuRoom::instance)
				.containsExactly("sfu-a", "sfu-c", "sfu-c", "sfu-b");
		}
		this.gateway.down.remove("sfu-a");
		this.gateway.watcher.back("sfu-a");
		await().untilAsserted(() -> assertThat(this.gateway.releases).containsExactly(new SfuRoom(live.room(), "sfu-a")));
	}

	private Call newCall() {
		CallSpec spec = new CallSpec("CASE-" + UUID.randomUUID(), "Parcel lost in transit",
				new CallSpec.Money(new BigDecimal("129.50"), "EUR"), new CallSpec.Customer("Li Wei", "zh-CN"),
				new CallSpec.Agent("agent-7", "Maria"));
		return this.calls.create(spec, "recording", "media-rooms-test", null).call();
	}

	private static final SfuListener NOBODY = new SfuListener() {

		@Override
		public void onOffer(String pcId, String sdp, OfferHints hints) {
		}

		@Override
		public void onCandidate(String pcId, IceCandidate candidate) {
		}

		@Override
		public void onMediaState(String pcId, MediaState state) {
		}

		@Override
		public void onClosed(String pcId) {
		}

		@Override
		public void onSideChannel(String url, List<String> onOpen, List<String> onJoin) {
		}

		@Override
		public void onLost(io.casecall.room.sfu.SfuException cause) {
		}

	};

	/** Records what the lifecycle asks of the SFU; its choice of instance is scripted. */
	static final class RecordingGateway implements SfuGateway {

		final Deque<String> choices = new ArrayDeque<>();

		final List<SfuRoom> allocations = new CopyOnWriteArrayList<>();

		final List<SfuRoom> releases = new CopyOnWriteArrayList<>();

		final Set<String> down = ConcurrentHashMap.newKeySet();

		SfuInstanceWatcher watcher;

		@Override
		public boolean available(String instance) {
			return !this.down.contains(instance);
		}

		@Override
		public void watchInstances(SfuInstanceWatcher watcher) {
			this.watcher = watcher;
		}

		@Override
		public String type() {
			return "recording";
		}

		@Override
		public synchronized String chooseInstance() {
			return this.choices.remove();
		}

		@Override
		public SfuRoom allocate(String roomId, String instance) {
			SfuRoom room = new SfuRoom(roomId, instance);
			this.allocations.add(room);
			return room;
		}

		@Override
		public SfuParticipant connect(SfuRoom room, String participantId, String displayName, SfuListener listener) {
			return new SfuParticipant() {

				@Override
				public boolean clientOffersMedia() {
					return true;
				}

				@Override
				public void start() {
				}

				@Override
				public String offer(String pcId, String sdp) {
					return sdp;
				}

				@Override
				public void answer(String pcId, String sdp) {
				}

				@Override
				public void candidate(String pcId, IceCandidate candidate) {
				}

				@Override
				public void close() {
				}

			};
		}

		@Override
		public void release(SfuRoom room) {
			this.releases.add(room);
		}

		@Override
		public List<SfuInstanceStatus> status() {
			return List.of();
		}

	}

}
