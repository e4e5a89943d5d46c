package io.casecall.signaling.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import io.casecall.signaling.evidence.Uploads;
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
 * Issue 14 in real Chromium through the real Janus: the customer's phone has several fake cameras
 * (Chromium's {@code --use-fake-device-for-media-stream=device-count=3}), switches between them
 * in the preview (the choice kept over a reload) and during the call (the device menu and the
 * one-tap switch replace the sent track; the connection is not renegotiated); the agent asks for a photo, the customer's page counts down
 * and uploads it, and it arrives in the store, the API and the agent's side panel.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EvidenceEndToEndTests {

	private static final Duration MEDIA = Duration.ofSeconds(25);

	/**
	 * Chromium's fake cameras: {@code fake_device_0} (I420) and {@code fake_device_2} (MJPEG);
	 * {@code fake_device_1} is a depth camera (Y16) whose frames no video encoder takes, so the
	 * test stays off it.
	 */
	private static final String REAR = "fake_device_2";

	static Path store;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		TestApp.properties(registry);
		store = Files.createTempDirectory("casecall-evidence-e2e");
		registry.add("casecall.evidence.local.dir", store::toString);
	}

	@LocalServerPort
	int port;

	static Browser agent;

	static Browser customer;

	@BeforeAll
	static void openBrowsers() {
		agent = Browser.open(1280, 800);
		customer = Browser.open(412, 915, "--use-fake-device-for-media-stream=device-count=3");
	}

	@AfterAll
	static void closeBrowsers() {
		agent.close();
		customer.close();
	}

	@Test
	void theCustomerSwitchesCamerasAndARequestedPhotoArrivesInTheStoreAndTheApi() throws IOException {
		JsonNode created = new Http(this.port).postJson("/api/v1/calls",
				"{\"caseId\":\"CASE-" + UUID.randomUUID().toString().substring(0, 8)
						+ "\",\"customer\":{\"displayName\":\"Li Wei\",\"locale\":\"en\"}}")
			.json();
		String callId = created.get("callId").asString();
		agent.get(LiveCall.local(created.get("agentJoinUrl").asString(), this.port));
		await().atMost(MEDIA).until(() -> "waiting".equals(agent.callState()));

		// the preview: the camera chosen survives a reload; one tap switches to the next camera
		customer.get(LiveCall.local(created.get("customerInviteUrl").asString(), this.port));
		await().atMost(MEDIA).until(() -> "ready".equals(customer.callState()) && cameraId(customer) != null);
		await().atMost(MEDIA).until(() -> customer.driver().findElement(By.id("preview-flip")).isDisplayed());
		String front = cameraId(customer);
		new Select(customer.driver().findElement(By.id("camera-select"))).selectByVisibleText(REAR);
		await().atMost(MEDIA).until(() -> !front.equals(cameraId(customer)));
		String rear = cameraId(customer);
		customer.driver().navigate().refresh();
		await().atMost(MEDIA).until(() -> "ready".equals(customer.callState()) && cameraId(customer) != null);
		assertThat(cameraId(customer)).as("the camera chosen before the reload").isEqualTo(rear);
		customer.driver().findElement(By.id("preview-flip")).click();
		await().atMost(MEDIA).until(() -> front.equals(cameraId(customer))); // the last camera wraps to the first

		// the call: switching replaces the sent track on the same, unrenegotiated connection
		await().atMost(MEDIA).until(() -> Boolean.TRUE.equals(customer.script("return window.casecall.prewarmed()")));
		customer.driver().findElement(By.cssSelector("[data-testid=join]")).click();
		await().atMost(MEDIA).until(() -> "connected".equals(customer.callState()) && "connected".equals(agent.callState()));
		try {
			await().atMost(MEDIA).until(() -> agent.framesDecoded() > 0);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("no frames at the agent: agent " + stats(agent) + ", customer " + stats(customer), ex);
		}
		Map<String, Object> before = publishing(customer);
		assertThat(before.get("sentTrack")).isEqualTo(before.get("localTrack"));
		customer.driver().findElement(By.cssSelector("[data-testid=device-menu-toggle]")).click();
		new Select(customer.driver().findElement(By.id("call-camera-select"))).selectByVisibleText(REAR);
		await().atMost(MEDIA).until(() -> rear.equals(cameraId(customer)));
		Map<String, Object> picked = publishing(customer);
		assertThat(picked.get("sentTrack")).isEqualTo(picked.get("localTrack")).isNotEqualTo(before.get("sentTrack"));
		customer.driver().findElement(By.cssSelector("[data-testid=switch-camera]")).click();
		await().atMost(MEDIA).until(() -> front.equals(cameraId(customer)));
		Map<String, Object> after = publishing(customer);
		assertThat(after.get("sentTrack")).isEqualTo(after.get("localTrack")).isNotEqualTo(picked.get("sentTrack"));
		assertThat(after.get("sdp")).as("no renegotiation").isEqualTo(before.get("sdp"));
		assertThat(after.get("tagged")).as("the same RTCPeerConnection").isEqualTo(true);
		long framesAtSwitch = agent.framesDecoded();
		await().atMost(MEDIA).until(() -> agent.framesDecoded() > framesAtSwitch + 10);
		customer.screenshot("e2e-evidence-customer-switched-phone");

		// the agent asks for a photo: notice and countdown on the customer's phone, then the upload
		agent.driver().findElement(By.cssSelector("[data-testid=take-photo]")).click();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> customer.driver().findElement(By.cssSelector("[data-testid=photo-notice]")).isDisplayed());
		customer.screenshot("e2e-evidence-customer-photo-notice-phone");
		await().atMost(MEDIA)
			.until(() -> !agent.driver().findElements(By.cssSelector("[data-testid=photo-thumb] img")).isEmpty());
		agent.screenshot("e2e-evidence-agent-thumbnail");

		JsonNode items = new Uploads(this.port).list(callId).json().get("items");
		assertThat(items).hasSize(1);
		JsonNode item = items.get(0);
		assertThat(item.get("requestedBy").asString()).isEqualTo("agent");
		assertThat(item.get("uploadedBy").asString()).isEqualTo("customer");
		assertThat(item.get("noticeShown").asBoolean()).isTrue();
		String evidenceId = item.get("evidenceId").asString();
		Uploads.Response bytes = new Uploads(this.port).bytes(callId, evidenceId);
		assertThat(bytes.contentType()).isIn("image/jpeg", "image/png", "image/webp");
		assertThat(Files.readAllBytes(store.resolve(callId).resolve(evidenceId))).isEqualTo(bytes.body());
		var image = ImageIO.read(new ByteArrayInputStream(bytes.body()));
		assertThat(image).as("a decodable still").isNotNull();
		Object captured = customer.script("return document.querySelector('[data-testid=photo-status]').dataset.key");
		assertThat(captured).isEqualTo("photo.sent");
		System.out.printf("e2e evidence: %s %dx%d, %d bytes, sha256 %s%n", bytes.contentType(), image.getWidth(),
				image.getHeight(), bytes.body().length, item.get("sha256").asString());
	}

	private static String cameraId(Browser browser) {
		Object id = browser.script("const c = window.casecall && window.casecall.call;"
				+ " const t = c && c.local.tracks.video; return t ? t.getSettings().deviceId : null");
		return (id != null) ? id.toString() : null;
	}

	private static Object stats(Browser browser) {
		return browser.asyncScript("const done = arguments[arguments.length - 1];"
				+ "window.casecall.stats().then((s) => done(JSON.stringify(s)), (e) => done(String(e)));");
	}

	/** The publishing connection's sent video track, its SDP, and whether it is the one seen before. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> publishing(Browser browser) {
		return (Map<String, Object>) browser.script("const c = window.casecall.call;"
				+ " const t = [...c.peers.transports.values()].find((x) => x.pc.getSenders().some((s) => s.track && s.track.kind === 'video'));"
				+ " const tagged = t.pc.__e2eTag === true; t.pc.__e2eTag = true;"
				+ " const sender = t.pc.getSenders().find((s) => s.track && s.track.kind === 'video');"
				+ " return {sentTrack: sender.track.id, localTrack: c.local.tracks.video.id,"
				+ " sdp: t.pc.localDescription.sdp, tagged};");
	}

}
