package io.casecall.signaling.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.support.Http;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestCall;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.evidence.max-size=300KB",
				"casecall.evidence.max-per-call=3" })
@Import(TestApp.WithFakeSfu.class)
class EvidenceApiTests {

	static Path folder;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		TestApp.properties(registry);
		folder = Files.createTempDirectory("casecall-evidence");
		registry.add("casecall.evidence.local.dir", () -> folder.resolve("store").toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	EvidenceSweeper sweeper;

	private Uploads uploads() {
		return new Uploads(this.port);
	}

	@Test
	void keepsACustomersPhotoWithoutLocationAndTheCaseSystemReadsIt() throws IOException {
		TestCall call = TestCall.create(this.port);
		byte[] photo = Photos.jpegWithGps();

		Uploads.Response stored = uploads().upload(call.id(), call.inviteToken(), photo, "?notice=true");

		assertThat(stored.status()).isEqualTo(201);
		String id = stored.json().get("evidenceId").asString();
		JsonNode items = uploads().list(call.id()).json().get("items");
		assertThat(items).hasSize(1);
		JsonNode item = items.get(0);
		assertThat(item.get("evidenceId").asString()).isEqualTo(id);
		assertThat(item.get("contentType").asString()).isEqualTo("image/jpeg");
		assertThat(item.get("requestedBy").asString()).isEqualTo("customer");
		assertThat(item.get("uploadedBy").asString()).isEqualTo("customer");
		assertThat(item.get("noticeShown").asBoolean()).isTrue();
		assertThat(item.get("at").asString()).isNotBlank();

		Uploads.Response bytes = uploads().bytes(call.id(), id);
		assertThat(bytes.status()).isEqualTo(200);
		assertThat(bytes.contentType()).isEqualTo("image/jpeg");
		assertThat(bytes.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(EvidenceService.sha256(bytes.body())).isEqualTo(item.get("sha256").asString());
		assertThat((long) bytes.body().length).isEqualTo(item.get("size").asLong());
		assertThat(Photos.location(photo)).isNotNull();
		assertThat(Photos.location(bytes.body())).isNull();

		Path file = folder.resolve("store").resolve(call.id()).resolve(id);
		assertThat(Files.readAllBytes(file)).isEqualTo(bytes.body());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void theAgentsPageReadsItsOwnCallsEvidenceAndTheCustomersPageDoesNot() {
		TestCall call = TestCall.create(this.port);
		TestCall other = TestCall.create(this.port);
		String id = uploads().upload(call.id(), call.agentToken(), Photos.pngWithGps(), "")
			.json()
			.get("evidenceId")
			.asString();

		Uploads.Response list = uploads().asPage("/api/v1/session/evidence", call.agentToken());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().get("items").get(0).get("evidenceId").asString()).isEqualTo(id);
		assertThat(list.json().get("items").get(0).get("requestedBy").asString()).isEqualTo("agent");
		Uploads.Response thumbnail = uploads().asPage("/api/v1/session/evidence/" + id, call.agentToken());
		assertThat(thumbnail.status()).isEqualTo(200);
		assertThat(thumbnail.contentType()).isEqualTo("image/png");

		Uploads.Response customer = uploads().asPage("/api/v1/session/evidence/" + id, call.inviteToken());
		assertThat(customer.status()).isEqualTo(403);
		assertThat(customer.json().get("code").asString()).isEqualTo("agent_only");
		assertThat(uploads().asPage("/api/v1/session/evidence", call.inviteToken()).status()).isEqualTo(403);
		Uploads.Response otherAgent = uploads().asPage("/api/v1/session/evidence/" + id, other.agentToken());
		assertThat(otherAgent.status()).isEqualTo(404);
		assertThat(otherAgent.json().get("code").asString()).isEqualTo("evidence_not_found");
	}

	@Test
	void refusesWhatIsNotAJpegPngOrWebpAndStoresNothing() {
		TestCall call = TestCall.create(this.port);

		Uploads.Response gif = uploads().upload(call.id(), call.inviteToken(), "GIF89a\1\0\1\0".getBytes(), "");
		Uploads.Response svg = uploads().upload(call.id(), call.inviteToken(),
				"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(), "");
		Uploads.Response empty = uploads().upload(call.id(), call.inviteToken(), new byte[0], "");

		for (Uploads.Response refused : new Uploads.Response[] { gif, svg, empty }) {
			assertThat(refused.status()).isEqualTo(415);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.json().get("code").asString()).isEqualTo("unsupported_media_type");
		}
		assertNothingStored(call);
	}

	@Test
	void refusesADamagedPhotoAndStoresNothing() {
		TestCall call = TestCall.create(this.port);

		Uploads.Response damaged = uploads().upload(call.id(), call.inviteToken(),
				Arrays.copyOf(Photos.jpegWithGps(), 500), "");

		assertThat(damaged.status()).isEqualTo(422);
		assertThat(damaged.json().get("code").asString()).isEqualTo("malformed_image");
		assertNothingStored(call);
	}

	@Test
	void refusesAPhotoOverTheSizeLimitAndStoresNothing() {
		TestCall call = TestCall.create(this.port);
		byte[] big = Arrays.copyOf(Photos.jpegWithGps(), 301 * 1024);

		Uploads.Response refused = uploads().upload(call.id(), call.inviteToken(), big, "");

		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.json().get("code").asString()).isEqualTo("payload_too_large");
		assertNothingStored(call);
	}

	@Test
	void refusesUploadsWithoutAValidTokenForThisOpenCall() {
		TestCall call = TestCall.create(this.port);
		TestCall other = TestCall.create(this.port);
		byte[] photo = Photos.pngWithGps();

		Uploads.Response none = uploads().upload(call.id(), null, photo, "");
		Uploads.Response apiKeyOnly = new Uploads(this.port).upload(call.id(), "not-a-token", photo, "");
		Uploads.Response otherCall = uploads().upload(call.id(), other.inviteToken(), photo, "");
		new Http(this.port).postJson("/api/v1/calls/" + call.id() + "/end", "{}");
		Uploads.Response ended = uploads().upload(call.id(), call.inviteToken(), photo, "");

		assertThat(none.status()).isEqualTo(401);
		assertThat(apiKeyOnly.status()).isEqualTo(401);
		assertThat(otherCall.status()).isEqualTo(401);
		assertThat(otherCall.json().get("code").asString()).isEqualTo("token_wrong_call");
		assertThat(ended.status()).isEqualTo(403);
		assertNothingStored(call);
		assertNothingStored(other);
	}

	@Test
	void refusesAnAnswerToAPhotoRequestThatWasNeverMade() {
		TestCall call = TestCall.create(this.port);

		Uploads.Response refused = uploads().upload(call.id(), call.inviteToken(), Photos.pngWithGps(),
				"?request=pr_nothing");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("code").asString()).isEqualTo("unknown_photo_request");
		assertNothingStored(call);
	}

	@Test
	void keepsNoMoreThanTheLimitPerCall() {
		TestCall call = TestCall.create(this.port);
		for (int i = 0; i < 3; i++) {
			assertThat(uploads().upload(call.id(), call.inviteToken(), Photos.pngWithGps(), "").status())
				.isEqualTo(201);
		}

		Uploads.Response refused = uploads().upload(call.id(), call.inviteToken(), Photos.pngWithGps(), "");

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("code").asString()).isEqualTo("evidence_limit_reached");
		assertThat(uploads().list(call.id()).json().get("items")).hasSize(3);
		assertThat(files(call)).hasSize(3);
	}

	@Test
	void theApiNeedsTheKeyAndAnswersUnknownItemsWith404() {
		TestCall call = TestCall.create(this.port);

		assertThat(new Http(this.port).get("/api/v1/calls/" + call.id() + "/evidence").status()).isEqualTo(401);
		assertThat(uploads().bytes(call.id(), "ev_missing").json().get("code").asString())
			.isEqualTo("evidence_not_found");
		assertThat(uploads().list("no-such-call").json().get("code").asString()).isEqualTo("call_not_found");
	}

	@Test
	void evidenceIsDeletedWithTheCallRecord() {
		TestCall call = TestCall.create(this.port);
		String id = uploads().upload(call.id(), call.inviteToken(), Photos.webpWithGps(), "")
			.json()
			.get("evidenceId")
			.asString();
		new Http(this.port).postJson("/api/v1/calls/" + call.id() + "/end", "{}");
		dueNow(call);

		this.sweeper.sweep(); // the record is kept (retention): the next look is when it expires

		assertThat(files(call)).hasSize(1);
		double next = this.redis.opsForZSet().score(EvidenceRecords.CALLS, call.id());
		assertThat(next - System.currentTimeMillis()).isGreaterThan(29 * 24 * 3600 * 1000.0);
		assertThat(uploads().bytes(call.id(), id).status()).isEqualTo(200);

		this.redis.delete(EvidenceRecords.callKey(call.id())); // what the record's expiry does
		dueNow(call);
		this.sweeper.sweep();

		assertThat(files(call)).isEmpty();
		assertThat(this.redis.opsForZSet().score(EvidenceRecords.CALLS, call.id())).isNull();
	}

	private void dueNow(TestCall call) {
		this.redis.opsForZSet().add(EvidenceRecords.CALLS, call.id(), 0);
	}

	private void assertNothingStored(TestCall call) {
		assertThat(uploads().list(call.id()).json().get("items")).isEmpty();
		assertThat(files(call)).isEmpty();
	}

	private java.util.List<Path> files(TestCall call) {
		Path dir = folder.resolve("store").resolve(call.id());
		if (!Files.isDirectory(dir)) {
			return java.util.List.of();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
