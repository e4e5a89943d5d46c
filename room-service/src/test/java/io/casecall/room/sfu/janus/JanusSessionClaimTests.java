package io.casecall.room.sfu.janus;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuRoom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A participant's Janus session outlives the node that drove it: the test stack's Janus (rendered
 * with {@code reclaim_session_timeout}) keeps it, handles and PeerConnections, after that node's
 * WebSocket is gone, and another node's gateway {@code claim}s it from the snapshot and drives it
 * on. Two gateways, two WebSockets to the same Janus, real WebRTC peers.
 */
class JanusSessionClaimTests {

	private static final Logger log = LoggerFactory.getLogger(JanusSessionClaimTests.class);

	private static PeerConnectionFactory factory;

	private static JanusGateway nodeB;

	@BeforeAll
	static void start() {
		factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
		nodeB = JanusTestEnvironment.connectedGateway(JanusTestEnvironment.wsPort(), Duration.ofSeconds(5),
				new SimpleMeterRegistry());
	}

	@AfterAll
	static void stop() {
		nodeB.close();
		factory.dispose();
	}

	@Test
	void sessionSurvivesItsSocketAndAClaimOnAnotherSocketMovesItsEvents() {
		JanusGateway nodeA = JanusTestEnvironment.connectedGateway(JanusTestEnvironment.wsPort(), Duration.ofSeconds(5),
				new SimpleMeterRegistry());
		SfuRoom room = nodeB.allocate(UUID.randomUUID().toString(), null);
		try (SyntheticCamera agentCamera = new SyntheticCamera(factory, "agent-video");
				SyntheticCamera customerCamera = new SyntheticCamera(factory, "customer-video");
				TestClient agent = new TestClient(factory, "agent-1");
				TestClient customer = new TestClient(factory, "customer-1")) {
			agent.join(nodeB, room);
			agent.publish(agentCamera.track(), factory.createAudioTrack("a", factory.createAudioSource(new AudioOptions())));
			customer.join(nodeA, room);
			customer.publish(customerCamera.track());
			await().atMost(Duration.ofSeconds(10)).until(() -> subscription(customer) != null && subscription(agent) != null);
			String customerSub = subscription(customer);
			String agentSub = subscription(agent);
			customer.peer(customerSub).firstFrame.orTimeout(10, TimeUnit.SECONDS).join();
			agent.peer(agentSub).firstFrame.orTimeout(10, TimeUnit.SECONDS).join();

			String snapshot = customer.participant().snapshot();
			assertThat(snapshot).isNotNull();
			JanusSnapshot state = JanusSnapshot.read(JsonMapper.builder().build(), snapshot);
			assertThat(state.instance()).isEqualTo("janus-test");
			assertThat(state.connections()).containsExactlyInAnyOrder("pub", customerSub);

			// node A lets go of the session (as a node shutting down) and its socket goes away
			assertThat(customer.participant().handOff()).isTrue();
			nodeA.close();
			long socketGone = System.nanoTime();

			// (a) the session and its PeerConnections survive: video keeps flowing both ways
			int customerFrames = customer.peer(customerSub).frames.get();
			int agentFrames = agent.peer(agentSub).frames.get();
			await().pollDelay(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> customer.peer(customerSub).frames.get() > customerFrames + 20
						&& agent.peer(agentSub).frames.get() > agentFrames + 20);
			assertThat(agent.events).doesNotContain("closed " + agentSub);

			// (b) node B claims it: the session's events come to node B's socket
			customer.restore(nodeB, room, snapshot);
			log.info("Measured: session claimed on another socket {} ms after its own socket went away",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - socketGone));
			assertThat(customer.participant().holds(customerSub)).isTrue();
			assertThat(customer.participant().holds("pub")).isTrue();
			customer.participant().restart(customerSub);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> customer.events.stream().filter(("offer " + customerSub + " agent-1")::equals).count() == 2);
			int afterRestart = customer.peer(customerSub).frames.get();
			await().atMost(Duration.ofSeconds(5)).until(() -> customer.peer(customerSub).frames.get() > afterRestart + 20);
			assertThat(customer.participant().snapshot()).isNotNull();
			assertThat(customer.events).noneMatch((e) -> e.startsWith("error") || e.equals("lost"));

			// the agent's page leaving reaches the restored session through node B
			agent.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> customer.events.contains("closed " + customerSub));
		}
		finally {
			nodeA.close();
			nodeB.release(room);
		}
	}

	@Test
	void aDiscardedSessionCannotBeClaimedAndItsFeedLeaves() {
		JanusGateway nodeA = JanusTestEnvironment.connectedGateway(JanusTestEnvironment.wsPort(), Duration.ofSeconds(5),
				new SimpleMeterRegistry());
		SfuRoom room = nodeB.allocate(UUID.randomUUID().toString(), null);
		try (SyntheticCamera customerCamera = new SyntheticCamera(factory, "customer-video");
				TestClient agent = new TestClient(factory, "agent-1");
				TestClient customer = new TestClient(factory, "customer-1")) {
			agent.join(nodeB, room);
			customer.join(nodeA, room);
			customer.publish(customerCamera.track());
			await().atMost(Duration.ofSeconds(10)).until(() -> subscription(agent) != null);
			String snapshot = customer.participant().snapshot();
			assertThat(customer.participant().handOff()).isTrue();
			nodeA.close();

			// the page rebuilt instead: node B ends what node A left; the agent's subscription closes
			nodeB.discard(room, snapshot);
			await().atMost(Duration.ofSeconds(5)).until(() -> agent.events.contains("closed " + subscription(agent)));
			assertThatThrownBy(() -> nodeB.restore(room, "customer-1", snapshot, customer))
				.isInstanceOf(SfuException.class);
			// a snapshot of another instance, or no snapshot at all, is refused as well
			String elsewhere = snapshot.replace("\"janus-test\"", "\"janus-other\"");
			assertThatThrownBy(() -> nodeB.restore(room, "customer-1", elsewhere, customer))
				.isInstanceOf(SfuException.class);
			assertThatThrownBy(() -> nodeB.restore(room, "customer-1", "{\"x\":1}", customer))
				.isInstanceOf(SfuException.class);
		}
		finally {
			nodeA.close();
			nodeB.release(room);
		}
	}

	/** The first subscription the client was offered, or {@code null}. */
	private static String subscription(TestClient client) {
		return client.events.stream()
			.filter((e) -> e.startsWith("offer sub-"))
			.map((e) -> e.split(" ")[1])
			.findFirst()
			.orElse(null);
	}

}
