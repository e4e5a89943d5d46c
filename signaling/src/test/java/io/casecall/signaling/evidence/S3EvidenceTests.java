package io.casecall.signaling.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 store against a real S3-protocol server (s3proxy, filesystem backend, child process). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "casecall.sfu.type=fake", "casecall.evidence.store=s3" })
@Import(TestApp.WithFakeSfu.class)
class S3EvidenceTests {

	static final String BUCKET = "casecall-evidence";

	static S3Proxy s3proxy;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
		s3proxy = S3Proxy.start();
		s3proxy.createBucket(BUCKET);
		registry.add("casecall.evidence.s3.bucket", () -> BUCKET);
		registry.add("casecall.evidence.s3.endpoint", () -> s3proxy.endpoint().toString());
		registry.add("casecall.evidence.s3.path-style", () -> "true");
		registry.add("casecall.evidence.s3.access-key-id", () -> S3Proxy.IDENTITY);
		registry.add("casecall.evidence.s3.secret-access-key", () -> S3Proxy.CREDENTIAL);
	}

	@AfterAll
	static void stop() {
		s3proxy.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	EvidenceSweeper sweeper;

	@Test
	void keepsAPhotoInTheBucketAndDeletesItWithTheCall() throws IOException {
		TestCall call = TestCall.create(this.port);
		Uploads uploads = new Uploads(this.port);

		Uploads.Response stored = uploads.upload(call.id(), call.inviteToken(), Photos.jpegWithGps(), "");

		assertThat(stored.status()).isEqualTo(201);
		String id = stored.json().get("evidenceId").asString();
		Path object = s3proxy.dir().resolve(BUCKET).resolve("evidence").resolve(call.id()).resolve(id);
		assertThat(object).isRegularFile();
		Uploads.Response bytes = uploads.bytes(call.id(), id);
		assertThat(bytes.contentType()).isEqualTo("image/jpeg");
		assertThat(Files.readAllBytes(object)).isEqualTo(bytes.body());
		assertThat(EvidenceService.sha256(bytes.body())).isEqualTo(stored.json().get("sha256").asString());
		assertThat(Photos.location(bytes.body())).isNull();

		new Http(this.port).postJson("/api/v1/calls/" + call.id() + "/end", "{}");
		this.redis.delete(EvidenceRecords.callKey(call.id())); // what the record's expiry does
		this.redis.opsForZSet().add(EvidenceRecords.CALLS, call.id(), 0);
		this.sweeper.sweep();

		assertThat(object).doesNotExist();
		try (Stream<Path> left = Files.walk(s3proxy.dir().resolve(BUCKET))) {
			assertThat(left.filter(Files::isRegularFile).filter((p) -> p.toString().contains(call.id()))).isEmpty();
		}
	}

	@Test
	void deletesEveryObjectOfACallAndNoOtherCalls() {
		S3EvidenceStore store = new S3EvidenceStore(client(s3proxy.endpoint()), BUCKET, "evidence/");
		for (int i = 0; i < 5; i++) {
			store.put("call-a", "ev_" + i, new byte[] { (byte) i }, "image/png");
		}
		store.put("call-b", "ev_0", new byte[] { 9 }, "image/png");

		store.deleteCall("call-a");

		for (int i = 0; i < 5; i++) {
			assertThat(store.get("call-a", "ev_" + i)).isNull();
		}
		assertThat(store.get("call-b", "ev_0")).containsExactly(9);
	}

	@Test
	void anUnreachableBucketIsATypedRetryableFailure() throws IOException {
		S3EvidenceStore store = new S3EvidenceStore(
				client(java.net.URI.create("http://127.0.0.1:" + S3Proxy.freePort())), BUCKET, "evidence/");

		assertThatThrownBy(() -> store.put("call-x", "ev_1", new byte[] { 1 }, "image/png"))
			.isInstanceOfSatisfying(EvidenceStoreException.class,
					(ex) -> assertThat(ex.code()).isEqualTo("evidence_store_unavailable"));
	}

	private static S3Client client(java.net.URI endpoint) {
		return S3Client.builder()
			.httpClient(UrlConnectionHttpClient.create())
			.region(Region.US_EAST_1)
			.endpointOverride(endpoint)
			.forcePathStyle(true)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL)))
			.build();
	}

}
