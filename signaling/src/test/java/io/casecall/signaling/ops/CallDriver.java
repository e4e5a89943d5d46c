package io.casecall.signaling.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import io.casecall.room.sfu.SfuListener.MediaState;
import io.casecall.signaling.support.Elapsed;
import io.casecall.signaling.support.FakeSfuGateway;
import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives calls through the real API and real sockets for the ops tests: creates a call, joins a
 * seat, sends a connect-time report with believable marks, and waits until the server has
 * handled it (a ping sent after the report is answered only after the report was processed).
 */
final class CallDriver {

	private final int port;

	private final FakeSfuGateway sfu;

	private final List<String> created = new ArrayList<>();

	/** @param sfu the in-memory SFU, which plays the media-up event a connected report needs */
	CallDriver(int port, FakeSfuGateway sfu) {
		this.port = port;
		this.sfu = sfu;
	}

	/** Ends every call this driver created, so none is left for a sweeper to end during later tests. */
	void endAll() {
		Http http = new Http(this.port);
		for (String id : this.created) {
			http.postJson("/api/v1/calls/" + id + "/end", "{}");
		}
		this.created.clear();
	}

	/** A call's id, case and tokens. */
	record TestCall(String id, String caseId, String agentToken, String inviteToken) {
	}

	TestCall create() {
		String caseId = "CASE-OPS-" + UUID.randomUUID().toString().substring(0, 8);
		Http.Response response = new Http(this.port)
			.postJson("/api/v1/calls", "{\"caseId\":\"" + caseId + "\",\"reason\":\"Parcel lost in transit\","
					+ "\"customer\":{\"displayName\":\"Li Wei\",\"locale\":\"en\"}}");
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		JsonNode body = response.json();
		this.created.add(body.get("callId").asString());
		return new TestCall(body.get("callId").asString(), caseId, token(body.get("agentJoinUrl").asString()),
				token(body.get("customerInviteUrl").asString()));
	}

	/** Joins the customer seat and reports; {@code connectMs} is ignored unless connected. */
	void customer(TestCall call, String outcome, double connectMs) {
		report(call.inviteToken(), call.id(), "customer-" + call.id(), outcome, customerMarks(outcome, connectMs));
	}

	void agent(TestCall call, double connectMs) {
		report(call.agentToken(), call.id(), "agent-" + call.id(), "connected", agentMarks(connectMs));
	}

	/**
	 * Joins once on a new socket, reports, and closes the socket (the seat is left). As the server
	 * checks a report against what it saw, a connected join first gets the SFU's media-up event,
	 * and the report goes out no sooner than its marks claim the join took.
	 */
	void report(String token, String callId, String device, String outcome, String marks) {
		try (TestSocket socket = TestSocket.connect(this.port, token)) {
			JsonNode joined = socket.send("{\"type\":\"join\",\"callId\":\"" + callId + "\",\"device\":\""
					+ device.replaceAll("[^A-Za-z0-9_-]", "-") + "\"}")
				.next("joined");
			long joinedAt = System.nanoTime();
			int join = joined.get("join").asInt();
			if ("connected".equals(outcome)) {
				this.sfu.mediaState(joined.get("participantId").asString(), "pc-1", MediaState.CONNECTED);
			}
			Elapsed.atLeast(joinedAt, Elapsed.claimed(marks));
			socket.send("{\"type\":\"timings\",\"join\":" + join + ",\"outcome\":\"" + outcome + "\",\"marks\":"
					+ marks + "}");
			assertThat(socket.send("{\"type\":\"ping\"}").next("pong")).isNotNull();
		}
	}

	/** Marks of a customer who clicked Join at 1000 ms; connected ones see the first frame {@code connectMs} later. */
	static String customerMarks(String outcome, double c) {
		double click = 1000;
		String common = "\"page_ready\":5,\"ws_open\":40,\"media_ready\":300,\"join_click\":" + n(click)
				+ ",\"join_sent\":" + n(click + 1) + ",\"join_ack\":" + n(click + Math.max(2, 0.1 * c));
		if (!"connected".equals(outcome)) {
			return "{" + common + "}";
		}
		return "{" + common + ",\"publish_offer\":" + n(click + 0.12 * c) + ",\"subscribe_offer\":"
				+ n(click + 0.15 * c) + ",\"publish_answer\":" + n(click + 0.2 * c) + ",\"subscribe_answer\":"
				+ n(click + 0.22 * c) + ",\"ice_connected\":" + n(click + 0.45 * c) + ",\"dtls_connected\":"
				+ n(click + 0.65 * c) + ",\"first_frame\":" + n(click + c) + "}";
	}

	/** Marks of an agent whose media was published {@code a} ms after the page opened. */
	static String agentMarks(double a) {
		return "{\"page_ready\":" + n(0.05 * a) + ",\"ws_open\":" + n(0.1 * a) + ",\"media_ready\":" + n(0.3 * a)
				+ ",\"join_sent\":" + n(0.4 * a) + ",\"publish_offer\":" + n(0.42 * a) + ",\"join_ack\":"
				+ n(0.5 * a) + ",\"publish_answer\":" + n(0.6 * a) + ",\"ice_connected\":" + n(0.75 * a)
				+ ",\"dtls_connected\":" + n(0.85 * a) + ",\"media_published\":" + n(a) + "}";
	}

	private static String n(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	static String token(String url) {
		return url.substring(url.indexOf("#token=") + "#token=".length());
	}

}
