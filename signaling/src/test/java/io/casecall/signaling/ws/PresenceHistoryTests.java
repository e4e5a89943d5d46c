package io.casecall.signaling.ws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The presence history of a call, driven by real sockets against the whole application (real
 * Redis, the in-memory SFU) and read back through the call API: joins, leaves, a socket cut
 * without a leave, and a session the SFU lost, which does not end the call as the customer leaving
 * (the customer-left timeout is cut to 5 s here, the SFU outage grace stays 10 min).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.call.customer-left-timeout=5s",
				"casecall.call.sweep-interval=200ms" })
@Import(TestApp.WithFakeSfu.class)
class PresenceHistoryTests extends FakeSfuApp {

	@Test
	void joinsLeavesACutSocketAndRejoinsAreInTheRecordWithTheirCauses() {
		TestCall call = create();
		try (Joined agent = join(call, "agent", "agent-desk-1-device")) {
			TestSocket first = join(call, "customer", "phone-1-device").socket();
			first.send("{\"type\":\"leave\"}");
			await().untilAsserted(() -> assertThat(causes(record(call))).hasSize(3)); // the leave landed
			TestSocket second = join(call, "customer", "phone-1-device").socket();
			second.cut(); // the network went away: no leave, no close frame
			await().untilAsserted(() -> assertThat(causes(record(call))).hasSize(5));
			join(call, "customer", "phone-1-device").close();

			await().untilAsserted(() -> assertThat(causes(record(call))).containsExactly("agent joined",
					"customer joined", "customer left", "customer rejoined", "customer connection_lost",
					"customer rejoined", "customer left"));
			JsonNode record = record(call);
			JsonNode customer = record.get("participants").get(1);
			assertThat(customer.get("lastLeftCause").asString()).isEqualTo("left");
			assertThat(customer.get("joins").asInt()).isEqualTo(3);
			List<Instant> times = new ArrayList<>();
			record.get("presence").forEach((entry) -> times.add(Instant.parse(entry.get("at").asString())));
			assertThat(times).isSorted();
			assertThat(times.get(times.size() - 1)).isEqualTo(Instant.parse(customer.get("lastLeftAt").asString()));
		}
	}

	@Test
	void aSessionTheSfuLostKeepsTheCallOpenPastTheCustomerLeftTimeoutAndTheRejoinWorks() {
		TestCall lost = create();
		TestCall left = create(); // the control: a customer who really left
		try (Joined lostAgent = join(lost, "agent", "agent-desk-2-device");
				Joined leftAgent = join(left, "agent", "agent-desk-3-device")) {
			String customerId = join(lost, "customer", "phone-2-device").joined().get("participantId").asString();
			TestSocket leaving = join(left, "customer", "phone-3-device").socket();

			this.sfu.lose(customerId);
			leaving.send("{\"type\":\"leave\"}");

			await().untilAsserted(() -> assertThat(causes(record(lost))).last().isEqualTo("customer sfu_lost"));
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(record(left).get("status").asString()).isEqualTo("ended"));
			assertThat(record(left).get("endReason").asString()).isEqualTo("customer_left_timeout");
			// both customers went within milliseconds of each other: the timeout has passed for both
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(record(lost).get("status").asString()).isEqualTo("connected"));
			JsonNode record = record(lost);
			assertThat(record.get("participants").get(1).get("lastLeftCause").asString()).isEqualTo("sfu_lost");

			try (Joined back = join(lost, "customer", "phone-2-device")) {
				assertThat(back.joined().get("status").asString()).isEqualTo("connected");
				await().untilAsserted(() -> assertThat(causes(record(lost))).containsExactly("agent joined",
						"customer joined", "customer sfu_lost", "customer sfu_back"));
			}
		}
	}

	private TestCall create() {
		return TestCall.create(this.port);
	}

	private JsonNode record(TestCall call) {
		return new Http(this.port).getAsClient("/api/v1/calls/" + call.id()).json();
	}

	/** A socket that joined the seat of {@code role} (its {@code joined} message kept). */
	private Joined join(TestCall call, String role, String device) {
		TestSocket socket = TestSocket.connect(this.port, role.equals("agent") ? call.agentToken() : call.inviteToken());
		return new Joined(socket, socket.send(call.join(device)).next("joined"));
	}

	private static List<String> causes(JsonNode record) {
		List<String> causes = new ArrayList<>();
		record.get("presence")
			.forEach((entry) -> causes.add(entry.get("role").asString() + " " + entry.get("cause").asString()));
		return causes;
	}

	/** A socket that joined, and the {@code joined} message it got. */
	private record Joined(TestSocket socket, JsonNode joined) implements AutoCloseable {

		@Override
		public void close() {
			this.socket.close();
		}

	}

}
