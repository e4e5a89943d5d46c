package io.casecall.room.sfu.janus;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
		gateway = JanusTestEnvironment.gateway(JanusTestEnvironment.properties(
				JanusTestEnvironment.url(JanusTestEnvironment.wsPort()), Duration.ofSeconds(5)), meters);
		await().atMost(Duration.ofSeconds(5)).until(() -> gateway.status().get(0).up());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		factory.dispose();
	}

	@Test
	void participantsPublishAndEachReceivesTheOthersMedia() {
		SfuRoom room = gateway.allocate(UUID.randomUUID().toString(), null);
		try (SyntheticCamera agentCamera = new SyntheticCamera(factory, "agent-video");
				SyntheticCamera customerCamera = new SyntheticCamera(factory, "customer-video");
				TestClient agent = new TestClient(factory, "agent-1");
				TestClient customer = new TestClient(factory, "customer-1")) {
			long joinStart = System.nanoTime();
			agent.join(gateway, room);
			String agentAnswer = agent.publish(agentCamera.track());
			assertThat(agentAnswer).startsWith("v=0").contains("m=video").contains("a=setup:");

			customer.join(gateway, room);
			String customerAnswer = customer.publish(customerCamera.track());
			assertThat(customerAnswer).startsWith("v=0").contains("m=video");

			// Each got exactly one subscription offer, for the other participant's feed.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(agent.events).filteredOn((e) -> e.startsWith("offer ")).singleElement()
					.asString().endsWith(" customer-1");
				assertThat(customer.events).filteredOn((e) -> e.startsWith("offer ")).singleElement()
					.asString().endsWith(" agent-1");
			});
			String agentSub = agent.events.stream().filter((e) -> e.startsWith("offer ")).findFirst().get().split(" ")[1];
			String customerSub = customer.events.stream().filter((e) -> e.startsWith("offer ")).findFirst().get()
				.split(" ")[1];
			assertThat(agentSub).startsWith("sub-");

			// Janus sees both directions up, and media arrives at the publishers' side.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(agent.events).contains("pub CONNECTED", "pub RECEIVING", "answered " + agentSub,
						agentSub + " CONNECTED");
				assertThat(customer.events).contains("pub CONNECTED", "pub RECEIVING", "answered " + customerSub,
						customerSub + " CONNECTED");
			});
			assertThat(agent.events).contains("end-of-candidates pub");
			assertThat(agent.events).noneMatch((e) -> e.startsWith("error") || e.equals("lost"));

			// Each side decodes the other's video.
			TestPeer agentReceives = agent.peer(agentSub);
			TestPeer customerReceives = customer.peer(customerSub);
			long firstFrame = agentReceives.firstFrame.orTimeout(10, TimeUnit.SECONDS).join();
			customerReceives.firstFrame.orTimeout(10, TimeUnit.SECONDS).join();
			assertThat(agentReceives.frameWidth).isEqualTo(640);
			long offered = agent.seen.get("publish-offer");
			log.info("Measured: agent publish offer->answer {} ms, offer->Janus webrtcup {} ms, "
					+ "offer->DTLS connected at the peer {} ms; customer subscription offer->webrtcup {} ms; "
					+ "agent join->first frame of the customer decoded {} ms",
					ms(agent.seen.get("publish-answer") - offered), ms(agent.seen.get("pub CONNECTED") - offered),
					ms(agent.peer("pub").connected.join() - offered),
					ms(customer.seen.get(customerSub + " CONNECTED") - customer.seen.get(
							"offer " + customerSub + " agent-1")),
					ms(firstFrame - joinStart));

			// The customer leaves: the agent's subscription to them is closed.
			customer.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> agent.events.contains("closed " + agentSub));
			assertThat(agent.events).filteredOn((e) -> e.startsWith("offer ")).hasSize(1);
			assertThat(agent.events).noneMatch((e) -> e.startsWith("error") || e.equals("lost"));
		}
		finally {
			gateway.release(room);
		}
		Timer publish = meters.find(RequestTimers.NAME).tags("operation", "publish", "outcome", "ok").timer();
		assertThat(publish).isNotNull();
		log.info("Measured: publish request mean {} ms max {} ms (n={})", publish.mean(TimeUnit.MILLISECONDS),
				publish.max(TimeUnit.MILLISECONDS), publish.count());
	}

	private static long ms(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

}
