package io.casecall.room.sfu.jvb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.yaml.snakeyaml.Yaml;

import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRoom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole call through a real Jitsi Videobridge: the image and bridge configuration of
 * {@code infra/docker-compose.yml} ({@code JVB_DISABLE_XMPP}, colibri2 REST, the mounted
 * {@code custom-jvb.conf} with the WebSocket bridge channel), driven only by this adapter over
 * colibri2, with two headless Chromium peers that open their bridge channels, take the offers and
 * re-offers, and must decode each other's video and receive each other's audio.
 * <p>
 * Needs a Docker engine on this host (media goes to the published 10000/udp, which must be free);
 * skipped where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class JvbMediaFlowContainerTests {

	private static final int MEDIA_PORT = 10000;

	private static GenericContainer<?> jvb;

	private static JvbTestRig rig;

	private static ChromiumPeers chromium;

	@BeforeAll
	static void start() {
		String dockerHost = DockerClientFactory.instance().dockerHostIpAddress();
		jvb = new GenericContainer<>(DockerImageName.parse(composeImage("jvb")))
			.withEnv("JVB_DISABLE_XMPP", "1")
			.withEnv("COLIBRI_REST_ENABLED", "true")
			.withEnv("JVB_ADVERTISE_IPS", advertisedAddress(dockerHost))
			.withEnv("JVB_PORT", String.valueOf(MEDIA_PORT))
			.withEnv("JVB_DISABLE_STUN", "1")
			.withCopyFileToContainer(MountableFile.forHostPath(DockerComposeTests.INFRA.resolve("jvb/custom-jvb.conf")),
					"/config/custom-jvb.conf")
			.withExposedPorts(8080, 9090)
			.withCreateContainerCmdModifier((command) -> {
				ExposedPort media = ExposedPort.udp(MEDIA_PORT);
				List<ExposedPort> exposed = new ArrayList<>(List.of(command.getExposedPorts()));
				exposed.add(media);
				command.withExposedPorts(exposed);
				Ports bindings = (command.getHostConfig().getPortBindings() != null)
						? command.getHostConfig().getPortBindings() : new Ports();
				bindings.add(new PortBinding(Ports.Binding.bindPort(MEDIA_PORT), media));
				command.getHostConfig().withPortBindings(bindings);
			})
			.withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("jvb-container")))
			.waitingFor(Wait.forHttp("/about/health").forPort(8080).forStatusCode(200)
				.withStartupTimeout(Duration.ofMinutes(3)));
		jvb.start();
		URI rest = URI.create("http://" + dockerHost + ":" + jvb.getMappedPort(8080));
		URI channel = URI.create("ws://" + dockerHost + ":" + jvb.getMappedPort(9090));
		rig = new JvbTestRig("single", List.of(new JvbProperties.Bridge("jvb1", rest, channel, "test")));
		chromium = ChromiumPeers.launch();
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.close();
		}
		if (rig != null) {
			rig.close();
		}
		if (jvb != null) {
			jvb.stop();
		}
	}

	@Test
	void twoBrowsersSeeAndHearEachOtherThroughTheBridgeWithTheBridgeChannelOpen() {
		rig.checker.checkAll();
		assertThat(rig.gateway.status().get(0).up()).as("the bridge passes its health check").isTrue();
		SfuRoom room = rig.gateway.allocate(JvbTestRig.newRoomId(), null);

		Browser agent = join(room, "agent-1", "A");
		Browser customer = join(room, "customer-1", "B");

		await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			agent.answerPendingOffers();
			customer.answerPendingOffers();
			for (Browser browser : List.of(agent, customer)) {
				Map<String, Object> state = chromium.describe(browser.name);
				assertThat(state.get("connectionState")).as("%s DTLS", browser.name).isEqualTo("connected");
				assertThat(state.get("channelState")).as("%s bridge channel", browser.name).isEqualTo("open");
				assertThat(state.get("messages").toString()).contains("ServerHello");
				List<Map<String, Object>> inbound = list(state.get("inbound"));
				assertThat(inbound).as("%s decodes the other's video", browser.name)
					.anySatisfy((rtp) -> {
						assertThat(rtp.get("kind")).isEqualTo("video");
						assertThat(((Number) rtp.get("framesDecoded")).longValue()).isPositive();
					});
				assertThat(inbound).as("%s receives the other's audio", browser.name)
					.anySatisfy((rtp) -> {
						assertThat(rtp.get("kind")).isEqualTo("audio");
						assertThat(((Number) rtp.get("packetsReceived")).longValue()).isPositive();
					});
			}
		});
		assertThat(rig.requests("update_endpoint", "ok")).isEqualTo(2);

		customer.participant.close();
		chromium.closePeer("B");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			agent.answerPendingOffers();
			assertThat(agent.answered).as("the agent's connection took the re-offer with the slot inactive")
				.isEqualTo(3);
		});
		assertThat(chromium.describe("A").get("connectionState")).isEqualTo("connected");
		rig.gateway.release(room);
		assertThat(rig.requests("expire_conference", "ok")).isEqualTo(1);
	}

	private static Browser join(SfuRoom room, String participantId, String name) {
		RecordingListener events = new RecordingListener();
		SfuParticipant participant = rig.gateway.connect(room, participantId, participantId, events);
		participant.start();
		RecordingListener.SideChannel channel = events.sideChannels.get(0);
		chromium.openChannel(name, channel.url(), channel.onOpen());
		Browser browser = new Browser(name, participant, events);
		browser.answerPendingOffers();
		return browser;
	}

	/** The image infra/docker-compose.yml runs for a service: the test runs exactly that bridge. */
	@SuppressWarnings("unchecked")
	static String composeImage(String service) {
		Map<String, Object> compose = new Yaml().load(DockerComposeTests.read(DockerComposeTests.INFRA.resolve("docker-compose.yml")));
		return (String) ((Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(service)).get("image");
	}

	/**
	 * The address the bridge advertises: where Chromium on this host reaches the published media
	 * port. For a local engine the host's default-route address (Chromium never uses loopback).
	 */
	private static String advertisedAddress(String dockerHost) {
		if (!dockerHost.equals("localhost") && !dockerHost.equals("127.0.0.1")) {
			return dockerHost;
		}
		try (DatagramSocket probe = new DatagramSocket()) {
			probe.connect(InetAddress.getByName("192.0.2.1"), 9);
			return probe.getLocalAddress().getHostAddress();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	/** A browser tab of one participant: answers the server's offers in order, like the client. */
	private static final class Browser {

		private final String name;

		private final SfuParticipant participant;

		private final RecordingListener events;

		private int answered;

		Browser(String name, SfuParticipant participant, RecordingListener events) {
			this.name = name;
			this.participant = participant;
			this.events = events;
		}

		void answerPendingOffers() {
			while (this.answered < this.events.offers.size()) {
				String answer = chromium.applyOffer(this.name, this.events.offers.get(this.answered).sdp());
				this.participant.answer(JvbParticipant.PC, answer);
				this.answered++;
			}
		}

	}

}
