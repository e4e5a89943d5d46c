package io.casecall.signaling.system;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.RunningApp;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping and starting the application keeps every call, and outstanding invites stay valid. */
class RestartTests {

	@TempDir
	Path keys;

	@Test
	void keepsCallsAndInvitesAcrossARestart() {
		String callId;
		String invite;
		String caseId = "CASE-RESTART-" + System.nanoTime();
		try (RunningApp before = RunningApp.start(this.keys)) {
			JsonNode created = before.http().postJson("/api/v1/calls", "{\"caseId\":\"" + caseId + "\"}").json();
			callId = created.get("callId").asString();
			String url = created.get("customerInviteUrl").asString();
			invite = url.substring(url.indexOf("#token=") + 7);
		}

		try (RunningApp after = RunningApp.start(this.keys)) {
			JsonNode call = after.http().getAsClient("/api/v1/calls/" + callId).json();
			JsonNode history = after.http().getAsClient("/api/v1/cases/" + caseId + "/calls").json();
			JsonNode session = after.http().get("/api/v1/session", "Authorization", "Bearer " + invite).json();

			assertThat(call.get("status").asString()).isEqualTo("created");
			assertThat(history.get("calls").get(0).get("callId").asString()).isEqualTo(callId);
			assertThat(session.get("callId").asString()).isEqualTo(callId);
			assertThat(session.get("role").asString()).isEqualTo("customer");
		}
	}

}
