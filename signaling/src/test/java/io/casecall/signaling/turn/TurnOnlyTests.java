package io.casecall.signaling.turn;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.test.TestStack;
import io.casecall.signaling.support.Browser;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.LiveCall;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every network gets through: the customer's Chromium runs as a user whose UDP is rejected by the
 * firewall ({@code iptables -m owner}, both IPv4 and IPv6), so it cannot reach Janus's media
 * ports; it still connects, through the test stack's real coturn over TCP with the TURN REST
 * credentials the app hands out. Janus's Admin API shows the customer's peer connections on a
 * relay candidate. Needs root (the firewall rule, running the browser as {@code nobody}); prints
 * the customer's connect time on this path (docs/benchmarks.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TurnOnlyTests {

	private static final Duration MEDIA = Duration.ofSeconds(40);

	/** The user the customer's browser runs as; only its UDP is blocked. */
	private static final String USER = "nobody";

	private static final String UID = "65534";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
		registry.add("casecall.ice.turn-urls", () -> required("CASECALL_TEST_TURN_URLS"));
		registry.add("casecall.ice.turn-secret", () -> required("CASECALL_TEST_TURN_SECRET"));
	}

	@LocalServerPort
	int port;

	static Path home;

	static Process chromedriver;

	static Browser customer;

	static Browser agent;

	@BeforeAll
	static void blockUdpForTheCustomersBrowser() throws Exception {
		firewall("-I");
		home = Files.createTempDirectory("casecall-turn-only",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
		Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
		int driverPort = freePort();
		chromedriver = new ProcessBuilder("runuser", "-u", USER, "--", "env", "HOME=" + home,
				System.getenv().getOrDefault("CASECALL_CHROMEDRIVER", "/usr/bin/chromedriver"), "--port=" + driverPort)
			.redirectErrorStream(true)
			.redirectOutput(home.resolve("chromedriver.log").toFile())
			.start();
		URL driver = URI.create("http://127.0.0.1:" + driverPort).toURL();
		await().atMost(Duration.ofSeconds(20)).until(() -> status(driver + "/status") == 200);
		customer = Browser.remote(driver, 1280, 800, "--user-data-dir=" + home.resolve("profile"));
		agent = Browser.open(1280, 800);
	}

	@AfterAll
	static void unblock() throws Exception {
		try {
			if (customer != null) {
				customer.close();
			}
			if (agent != null) {
				agent.close();
			}
			if (chromedriver != null) {
				chromedriver.descendants().forEach(ProcessHandle::destroyForcibly);
				chromedriver.destroyForcibly();
			}
		}
		finally {
			firewall("-D");
		}
	}

	@Test
	void aCustomerWhoseUdpIsBlockedConnectsThroughTurnOverTcp() throws Exception {
		Http http = new Http(this.port);
		JsonNode created = http.postJson("/api/v1/calls", """
				{"caseId":"CASE-TURN-%s","customer":{"displayName":"Ana","locale":"en"},
				 "agent":{"id":"agent-3","displayName":"Sam"}}""".formatted(UUID.randomUUID().toString().substring(0, 8)))
			.json();
		String callId = created.get("callId").asString();
		agent.get(LiveCall.local(created.get("agentJoinUrl").asString(), this.port));
		await().atMost(MEDIA).until(() -> "waiting".equals(agent.callState()));

		customer.get(LiveCall.local(created.get("customerInviteUrl").asString(), this.port));
		await().atMost(MEDIA).until(() -> "ready".equals(customer.callState()));
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();

		try {
			await().atMost(MEDIA).until(() -> customer.videoFlowing() && agent.videoFlowing());
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("No media through TURN; customer console:\n" + customer.consoleLog(), ex);
		}
		List<String> pairs = selectedPairs();
		assertThat(pairs).as("Janus's selected ICE pairs").filteredOn((pair) -> pair.contains("[relay"))
			.hasSizeGreaterThanOrEqualTo(2); // the customer's publisher and subscriber
		assertThat(customer.callState()).isEqualTo("connected");
		await().atMost(MEDIA).untilAsserted(() -> assertThat(http.getAsClient("/api/v1/calls/" + callId).json()
			.get("timings").valueStream()
			.anyMatch((t) -> "customer".equals(t.get("role").asString()) && "connected".equals(t.get("outcome").asString())))
			.isTrue());
		JsonNode timing = http.getAsClient("/api/v1/calls/" + callId).json().get("timings").valueStream()
			.filter((t) -> "customer".equals(t.get("role").asString()))
			.findFirst()
			.orElseThrow();
		System.out.printf("TURN over TCP only: customer connect time %.0f ms (click on Join to first frame); pairs %s%n",
				timing.get("connectMs").asDouble(), pairs);
	}

	/** Inserts ({@code -I}) or deletes ({@code -D}) the rule that rejects the browser user's UDP. */
	private static void firewall(String action) throws IOException, InterruptedException {
		for (String tool : new String[] { "iptables", "ip6tables" }) {
			Process process = new ProcessBuilder(tool, action, "OUTPUT", "-m", "owner", "--uid-owner", UID, "-p", "udp",
					"-j", "REJECT")
				.inheritIO()
				.start();
			if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(tool + " " + action + " failed (root and the iptables package needed)");
			}
		}
	}

	/** Every selected ICE pair Janus holds ({@code list_sessions}, {@code list_handles}, {@code handle_info}). */
	private static List<String> selectedPairs() {
		List<String> pairs = new ArrayList<>();
		for (JsonNode session : admin("{\"janus\":\"list_sessions\"}", null, null).get("sessions")) {
			for (JsonNode handle : admin("{\"janus\":\"list_handles\"}", session.asLong(), null).get("handles")) {
				JsonNode ice = admin("{\"janus\":\"handle_info\"}", session.asLong(), handle.asLong()).path("info")
					.path("webrtc").path("ice");
				if (ice.has("selected-pair")) {
					pairs.add(ice.get("selected-pair").asString());
				}
			}
		}
		return pairs;
	}

	private static JsonNode admin(String request, Long session, Long handle) {
		String path = "/admin" + ((session != null) ? "/" + session : "") + ((handle != null) ? "/" + handle : "");
		String body = request.replace("}", ",\"transaction\":\"turn\",\"admin_secret\":\""
				+ TestStack.janusAdminSecret() + "\"}");
		try {
			return JsonMapper.builder().build().readTree(HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TestStack.janusAdminPort() + path))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body());
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int status(String url) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException | InterruptedException ex) {
			return -1;
		}
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String required(String variable) {
		String value = System.getenv(variable);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(variable + " is not set: run the tests with ./dev test (it starts coturn)");
		}
		return value;
	}

}
