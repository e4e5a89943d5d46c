package io.casecall.room.sfu.janus;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.sfu.SfuRequestTimers;
import io.casecall.room.sfu.SfuRoom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real WebRTC peers (agent and customer) meet in a VideoRoom of the test stack's Janus
 * through the adapter, as the signaling layer would drive it.
 */
class JanusMediaTests {

	private static final Logger log = LoggerFactory.getLogger(JanusMediaTests.class);

	private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private static PeerConnectionFactory factory;

	private static JanusGateway gateway;

	@BeforeAll
	static void start() {
		factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
		gateway = JanusTestEnvironment.connectedGateway(JanusTestEnvironment.wsPort(), Duration.ofSeconds(5), meters);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		factory.dispose();
	}

	@Test
	void participantsPublishAndEachReceivesTheOthersMediaUntilItStops() {
		SfuRoom room = gateway.allocate(UUID.randomUUID().toString(), null);
		try (SyntheticCamera agentCamera = new SyntheticCamera(factory, "agent-video");
				SyntheticCamera customerCamera = new SyntheticCamera(factory, "customer-video");
				TestClient agent = new TestClient(factory, "agent-1");
				TestClient customer = new TestClient(factory, "customer-1")) {
			agent.join(gateway, room);
			String agentAnswer = agent.publish(agentCamera.track(), microphone("agent-audio"));
			// The agent waits in the room, publishing, when the customer comes.
			await().atMost(Duration.ofSeconds(5)).until(() -> agent.events.contains("pub RECEIVING"));
			long customerJoin = System.nanoTime();
			customer.join(gateway, room);
			String customerAnswer = customer.publish(customerCamera.track(), microphone("customer-audio"));

			assertThat(agentAnswer).startsWith("v=0").contains("m=video", "m=audio", "VP8/90000", "opus/48000");
			assertThat(customerAnswer).startsWith("v=0").contains("m=video", "m=audio", "VP8/90000", "opus/48000");
			// Each gets one subscription offer, for the other one's feed (the customer from the
			// publishers it found on joining, the agent from the event when the customer published).
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(offers(agent)).singleElement().asString().startsWith("sub-").endsWith(" customer-1");
				assertThat(offers(customer)).singleElement().asString().startsWith("sub-").endsWith(" agent-1");
			});
			String agentSub = subscription(agent);
			String customerSub = subscription(customer);
			// Janus sees every connection up and media arriving from both publishers.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(agent.events).contains("pub CONNECTED", "pub RECEIVING", "answered " + agentSub,
						agentSub + " CONNECTED");
				assertThat(customer.events).contains("pub CONNECTED", "pub RECEIVING", "answered " + customerSub,
						customerSub + " CONNECTED");
			});
			assertThat(agent.events).contains("end-of-candidates pub", "end-of-candidates " + agentSub);
			// Each side decodes the other's video.
			agent.peer(agentSub).firstFrame.orTimeout(10, TimeUnit.SECONDS).join();
			long customerFrame = customer.peer(customerSub).firstFrame.orTimeout(10, TimeUnit.SECONDS).join();
			assertThat(agent.peer(agentSub).frameWidth).isEqualTo(640);
			assertThat(customer.peer(customerSub).frameWidth).isEqualTo(640);
			measured(agent, customer, customerSub, customerJoin, customerFrame);

			// The customer stops publishing: the agent's subscription closes (Janus: unpublished).
			customer.closePeer("pub");
			await().atMost(Duration.ofSeconds(5)).until(() -> agent.events.contains("closed " + agentSub));
			// The agent leaves: the customer's subscription closes (Janus: leaving).
			agent.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> customer.events.contains("closed " + customerSub));

			assertThat(offers(agent)).hasSize(1);
			assertThat(offers(customer)).hasSize(1);
			// Janus reports audio and video apart; the connection started receiving once.
			assertThat(agent.events).containsOnlyOnce("pub RECEIVING");
			assertThat(agent.events).noneMatch((e) -> e.startsWith("error") || e.equals("lost"));
			assertThat(customer.events).noneMatch((e) -> e.startsWith("error") || e.equals("lost"));
		}
		finally {
			gateway.release(room);
		}
	}

	@Test
	void heldSubscriptionConnectsButCarriesNothingUntilResumed() {
		SfuRoom room = gateway.allocate(UUID.randomUUID().toString(), null);
		try (SyntheticCamera agentCamera = new SyntheticCamera(factory, "agent-video");
				TestClient agent = new TestClient(factory, "agent-1");
				TestClient customer = new TestClient(factory, "customer-1")) {
			agent.join(gateway, room);
			agent.publish(agentCamera.track(), microphone("agent-audio"));
			await().atMost(Duration.ofSeconds(5)).until(() -> agent.events.contains("pub RECEIVING"));
			assertThat(customer.joinHeld(gateway, room).participant().holdsMedia()).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> offers(customer).size() == 1);
			String sub = subscription(customer);
			// ICE and DTLS complete (Janus webrtcup, the peer connected) while Janus relays nothing
			await().atMost(Duration.ofSeconds(10))
				.until(() -> customer.events.contains(sub + " CONNECTED") && customer.peer(sub).connected.isDone());
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(2))
				.until(() -> customer.peer(sub).packetsReceived() == 0 && customer.peer(sub).frames.get() == 0);

			long resumed = System.nanoTime();
			customer.resume();
			long frame = customer.peer(sub).firstFrame.orTimeout(5, TimeUnit.SECONDS).join();
			await().atMost(Duration.ofSeconds(2)).until(() -> customer.peer(sub).packetsReceived() > 0);
			log.info("Measured: held subscription resumed -> first agent frame decoded {} ms", ms(frame - resumed));
			assertThat(customer.events).noneMatch((e) -> e.startsWith("error") || e.equals("lost"));
		}
		finally {
			gateway.release(room);
		}
	}

	/** An audio track of the headless audio device (silence). */
	private static AudioTrack microphone(String id) {
		return factory.createAudioTrack(id, factory.createAudioSource(new AudioOptions()));
	}

	/** "pc remote-participant" of every offer the client got. */
	private static List<String> offers(TestClient client) {
		return client.events.stream().filter((e) -> e.startsWith("offer ")).map((e) -> e.substring(6)).toList();
	}

	private static String subscription(TestClient client) {
		return offers(client).get(0).split(" ")[0];
	}

	private static void measured(TestClient agent, TestClient customer, String customerSub, long customerJoin,
			long customerFrame) {
		long offered = agent.seen.get("publish-offer");
		Timer publish = meters.find(SfuRequestTimers.NAME).tags("operation", "publish", "outcome", "ok").timer();
		log.info("Measured: agent publish offer->answer {} ms (publish request mean {} ms), offer->Janus webrtcup "
				+ "{} ms, offer->peer connected {} ms; customer join->subscription offer {} ms, ->Janus webrtcup of "
				+ "the subscription {} ms, ->first agent frame decoded {} ms",
				ms(agent.seen.get("publish-answer") - offered), (long) publish.mean(TimeUnit.MILLISECONDS),
				ms(agent.seen.get("pub CONNECTED") - offered), ms(agent.peer("pub").connected.join() - offered),
				ms(customer.seen.get("offer " + customerSub + " agent-1") - customerJoin),
				ms(customer.seen.get(customerSub + " CONNECTED") - customerJoin), ms(customerFrame - customerJoin));
	}

	private static long ms(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

}
