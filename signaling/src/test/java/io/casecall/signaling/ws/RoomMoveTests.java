package io.casecall.signaling.ws;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.call.CallEvent;
import io.casecall.room.call.CallEventBus;
import io.casecall.room.call.CallService;
import io.casecall.room.call.CreatedCall;
import io.casecall.room.call.PresenceCause;
import io.casecall.room.call.PresenceEntry;
import io.casecall.room.system.RedisKeys;
import io.casecall.room.token.Role;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call's room moved to another SFU instance (by any node): the sockets of this node whose media
 * is still on the old instance are told it is gone ({@code sfu_unavailable}, 4503) and rejoin, once;
 * a move off another instance, or of another call, changes nothing; a session kept for a resume in the
 * old room is closed (the page rebuilds); a socket whose node missed the
 * move (pub/sub is at most once) finds it on its next lease renewal (the whole application: its
 * heartbeat is scheduled).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class RoomMoveTests extends FakeSfuApp {

	@Autowired
	CallService calls;

	@Autowired
	CallEventBus events;

	@Autowired
	StringRedisTemplate redis;

	@AfterEach
	void reachAll() {
		this.sfu.unreachable.clear();
	}

	@Test
	void aMoveOffTheInstanceOfTheSocketsMediaSendsItToRejoinOnceAndOtherMovesLeaveItAlone() {
		this.sfu.unreachable.add("fake-3");
		CreatedCall call = newCall();
		String callId = call.call().id();
		try (TestSocket customer = TestSocket.connect(this.port, call.inviteToken())) {
			String participant = customer.send(SocketSliceSupport.join(call, "device-1")).next("joined").get("participantId").asString();
			String instance = this.calls.get(callId).sfuInstance();

			this.events.publish(new CallEvent.RoomMoved(callId, "fake-2", instance)); // not where its media is
			this.events.publish(new CallEvent.RoomMoved(newCall().call().id(), instance, "fake-2")); // another call
			// to an instance this node does not reach: a rejoin here would only move the room back
			this.events.publish(new CallEvent.RoomMoved(callId, instance, "fake-3"));
			this.events.publish(new CallEvent.MediaChanged(callId, Role.AGENT, "agent", false, true)); // heard after
			assertThat(customer.next("participant-media").get("video").asBoolean()).isTrue();
			assertThat(customer.closed()).isFalse();

			this.events.publish(new CallEvent.RoomMoved(callId, instance, "fake-2"));
			this.events.publish(new CallEvent.RoomMoved(callId, instance, "fake-2")); // twice, or late

			JsonNode error = customer.next("error");
			assertThat(error.get("code").asString()).isEqualTo("sfu_unavailable");
			assertThat(customer.closeCode()).isEqualTo(4503);
			await().untilAsserted(() -> assertThat(this.calls.presence(callId)).extracting(PresenceEntry::cause)
				.containsExactly(PresenceCause.JOINED, PresenceCause.SFU_LOST));
			assertThat(this.sfu.requests).as("its old session ended once").containsOnlyOnce("close " + participant);
		}
	}

	@Test
	void aSessionKeptForAResumeInTheOldRoomIsClosedAndThePageRebuildsInsteadOfResumingIt() {
		CreatedCall call = newCall();
		String callId = call.call().id();
		TestSocket lost = TestSocket.connect(this.port, call.inviteToken());
		String participant = lost.send(SocketSliceSupport.join(call, "device-1")).next("joined").get("participantId")
			.asString();
		lost.cut();
		await().untilAsserted(() -> assertThat(this.calls.presence(callId)).extracting(PresenceEntry::cause)
			.last()
			.isEqualTo(PresenceCause.CONNECTION_LOST));
		assertThat(this.sfu.requests).as("kept for a resume").doesNotContain("close " + participant);

		this.events.publish(new CallEvent.RoomMoved(callId, "fake-1", "fake-2"));

		await().untilAsserted(() -> assertThat(this.sfu.requests).contains("close " + participant));
		try (TestSocket back = TestSocket.connect(this.port, call.inviteToken())) {
			JsonNode joined = back.send("{\"type\":\"join\",\"callId\":\"" + callId
					+ "\",\"device\":\"device-1\",\"resume\":{\"participantId\":\"" + participant + "\",\"pcs\":[]}}")
				.next("joined");
			assertThat(joined.get("resumed").asBoolean()).as("nothing left to resume: the page rebuilds").isFalse();
		}
	}

	@Test
	void aSocketWhoseNodeMissedTheMoveFindsItOnItsLeaseRenewal() {
		CreatedCall call = newCall();
		String callId = call.call().id();
		try (TestSocket customer = TestSocket.connect(this.port, call.inviteToken())) {
			customer.send(SocketSliceSupport.join(call, "device-1")).next("joined");
			assertThat(this.calls.get(callId).sfuInstance()).isEqualTo("fake-1");

			// another node moved the room; its event never arrived here
			this.redis.opsForHash().put(RedisKeys.call(callId), "sfuInstance", "fake-2");

			await().atMost(Duration.ofSeconds(20)).until(customer::closed);
			assertThat(customer.closeCode()).isEqualTo(4503);
			assertThat(customer.next("error").get("code").asString()).isEqualTo("sfu_unavailable");
		}
	}

	private CreatedCall newCall() {
		return SocketSliceSupport.newCall(this.calls, this.sfu.type());
	}

}
