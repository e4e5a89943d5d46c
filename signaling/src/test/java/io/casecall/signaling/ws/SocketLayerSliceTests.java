package io.casecall.signaling.ws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.room.call.CreatedCall;
import io.casecall.signaling.support.FakeSfuGateway;
import io.casecall.signaling.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The socket layer against an SFU that offers first (as Jitsi Videobridge does), that hands out a
 * side channel and that loses sessions, and the error paths of the protocol, in the socket slice.
 */
class SocketLayerSliceTests extends SocketSliceSupport {

	@AfterEach
	void janusStyleAgain() {
		this.sfu.serverOffers = false;
	}

	@Test
	void mediaPreparedBeforeTheJoinIsHeldUntilJoinedButTheSideChannelGoesOutAtOnce() {
		this.sfu.serverOffers = true;
		CreatedCall call = newCall();
		String customer = call.call().customer().participantId();
		try (TestSocket socket = TestSocket.connect(this.port, call.inviteToken())) {
			await().until(() -> this.sfu.requests.contains("start " + customer)); // the pre-warm started it

			JsonNode side = socket.next();
			assertThat(side.get("type").asString()).isEqualTo("side-channel");
			assertThat(side.get("url").asString()).isEqualTo(FakeSfuGateway.SIDE_CHANNEL);
			assertThat(socket.send("{\"type\":\"ping\",\"ts\":1}").next().get("type").asString())
				.as("the offer made at the pre-warm is held").isEqualTo("pong");

			socket.send(join(call, "phone-device-1"));
			assertThat(socket.next().get("type").asString()).isEqualTo("joined");
			JsonNode offer = socket.next();
			assertThat(offer.get("type").asString()).as("the held offer right after joined").isEqualTo("offer");
			assertThat(offer.get("pc").asString()).isEqualTo(FakeSfuGateway.SERVER_PC);
		}
	}

	@Test
	void withAnSfuThatOffersFirstTheClientAnswersAndItsOwnOfferIsRefused() {
		this.sfu.serverOffers = true;
		CreatedCall call = newCall();
		String agent = call.call().agent().participantId();
		try (TestSocket socket = TestSocket.connect(this.port, call.agentToken())) {
			socket.send(join(call, "laptop-device-1"));
			assertThat(socket.next("joined").get("clientOffers").asBoolean()).isFalse();
			assertThat(socket.next("offer").get("attachLocalMedia").asBoolean()).isTrue();

			socket.send("{\"type\":\"answer\",\"pc\":\"srv\",\"sdp\":" + quoted(FakeSfuGateway.ANSWER) + "}");
			await().until(() -> this.sfu.requests.contains("answer " + agent + " srv"));
			socket.send("{\"type\":\"offer\",\"pc\":\"pub\",\"sdp\":" + quoted(FakeSfuGateway.ANSWER) + "}");

			JsonNode error = socket.next("error");
			assertThat(error.get("code").asString()).isEqualTo("sfu_error");
			assertThat(error.get("fatal").asBoolean()).isFalse();
			assertThat(error.get("ref").asString()).isEqualTo("offer");
		}
	}

	@Test
	void aLostSfuSessionClosesTheSocketWith4503() {
		CreatedCall call = newCall();
		String customer = call.call().customer().participantId();
		try (TestSocket socket = TestSocket.connect(this.port, call.inviteToken())) {
			socket.send(join(call, "phone-device-2")).next("joined");
			// the container thread may still be finishing the pong when the loss comes: the error goes out anyway
			socket.send("{\"type\":\"ping\"}").next("pong");

			this.sfu.lose(customer);

			JsonNode error = socket.next("error");
			assertThat(error.get("code").asString()).isEqualTo("sfu_unavailable");
			assertThat(error.get("fatal").asBoolean()).isTrue();
			assertThat(socket.closeCode()).isEqualTo(CloseCodes.UNAVAILABLE);
		}
	}

	@Test
	void aSessionLostBeforeTheJoinClosesTheSocketToo() {
		CreatedCall call = newCall();
		String customer = call.call().customer().participantId();
		try (TestSocket socket = TestSocket.connect(this.port, call.inviteToken())) {
			await().until(() -> this.sfu.requests.contains("connect " + customer));

			this.sfu.lose(customer);

			assertThat(socket.next("error").get("code").asString()).isEqualTo("sfu_unavailable");
			assertThat(socket.closeCode()).isEqualTo(CloseCodes.UNAVAILABLE);
		}
	}

	@Test
	void messagesBeforeTheJoinAndForAnotherCallAreRefused() {
		CreatedCall call = newCall();
		try (TestSocket socket = TestSocket.connect(this.port, call.inviteToken())) {
			socket.send("{\"type\":\"media\",\"audio\":true,\"video\":false}");
			JsonNode notJoined = socket.next("error");
			assertThat(notJoined.get("code").asString()).isEqualTo("not_joined");
			assertThat(notJoined.get("fatal").asBoolean()).isFalse();

			socket.send("{\"type\":\"join\",\"callId\":\"another-call\",\"device\":\"phone-device-3\"}");
			assertThat(socket.next("error").get("code").asString()).isEqualTo("wrong_call");
			assertThat(socket.closeCode()).isEqualTo(CloseCodes.WRONG_CALL);
		}
	}

	@Test
	void aSecondDeviceIsRefusedTheSeatWhileTheFirstHoldsIt() {
		CreatedCall call = newCall();
		try (TestSocket phone = TestSocket.connect(this.port, call.inviteToken());
				TestSocket laptop = TestSocket.connect(this.port, call.inviteToken())) {
			phone.send(join(call, "phone-device-4")).next("joined");

			laptop.send(join(call, "laptop-device-4"));

			assertThat(laptop.next("error").get("code").asString()).isEqualTo("seat_taken");
			assertThat(laptop.closeCode()).isEqualTo(CloseCodes.SEAT);
		}
	}

	@Test
	void aJoinAnswersWithTheJoinCountAndTheOtherSeatFromTheSeatWrite() {
		CreatedCall call = newCall();
		try (TestSocket agent = TestSocket.connect(this.port, call.agentToken());
				TestSocket customer = TestSocket.connect(this.port, call.inviteToken())) {
			agent.send(join(call, "laptop-device-5")).next("joined");
			agent.send("{\"type\":\"media\",\"audio\":false,\"video\":true}");
			await().until(() -> !this.calls.get(call.call().id()).agent().audio());

			JsonNode joined = customer.send(join(call, "phone-device-5")).next("joined");

			assertThat(joined.get("status").asString()).isEqualTo("connected");
			assertThat(joined.get("join").asInt()).isEqualTo(1);
			JsonNode peer = joined.get("participants").get(0);
			assertThat(peer.get("role").asString()).isEqualTo("agent");
			assertThat(peer.get("displayName").asString()).isEqualTo("Maria");
			assertThat(peer.get("present").asBoolean()).isTrue();
			assertThat(peer.get("audio").asBoolean()).isFalse();
			assertThat(peer.get("video").asBoolean()).isTrue();
		}
	}

	private static String quoted(String text) {
		return "\"" + text.replace("\r", "\\r").replace("\n", "\\n") + "\"";
	}

}
