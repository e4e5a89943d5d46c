package io.casecall.signaling.ws;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.casecall.room.token.Role;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writer's last message against Spring's real {@link ConcurrentWebSocketSessionDecorator} (as
 * SignalingHandler wraps every socket): a message sent while another thread is writing waits in
 * the decorator's buffer, and the decorator drops its buffer once a close begins. Under the
 * network here (the connection below the decorator) another thread's write is held until the last
 * message has been buffered behind it: the case where a full test run saw the customer's socket
 * closed with 4410 without the {@code call-ended} that explains it.
 */
class SocketWriterTests {

	@Test
	void callEndedGoesOutBeforeTheCloseEvenWhenAnotherThreadIsWriting() throws Exception {
		HeldNetwork network = new HeldNetwork();
		ConcurrentWebSocketSessionDecorator socket = new ConcurrentWebSocketSessionDecorator(network, 5000, 512 * 1024,
				ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
		SocketWriter writer = new SocketWriter(socket, new MessageCodec(JsonMapper.builder().build()), permit());
		Thread other = new Thread(() -> writer.send(new ServerMessage.CallStatus("connected")));
		other.start();
		assertThat(network.writing.await(5, TimeUnit.SECONDS)).isTrue();
		// the other thread's write goes on once the last message waits behind it
		new Thread(() -> {
			await().pollInterval(Duration.ofMillis(1)).until(() -> socket.getBufferSize() > 0);
			network.release.countDown();
		}).start();

		writer.sendAndClose(new ServerMessage.CallEnded("agent_ended", "reshipped"),
				new CloseStatus(CloseCodes.CALL_ENDED, "call_ended"));
		other.join(5000);

		assertThat(network.log).filteredOn((entry) -> !entry.equals("ping"))
			.containsExactly("{\"type\":\"call-status\",\"status\":\"connected\"}",
					"{\"type\":\"call-ended\",\"reason\":\"agent_ended\",\"outcome\":\"reshipped\"}", "close 4410");
	}

	private static SocketCaps.Permit permit() {
		SignalingProperties properties = new SignalingProperties(65536, 30, 100, Duration.ofSeconds(5),
				Duration.ofSeconds(10), Duration.ofSeconds(5), 10, Duration.ofSeconds(30), Duration.ofSeconds(5), true,
				Duration.ofMinutes(2), Duration.ofMinutes(30), true, 2, 4, List.of(), Duration.ofSeconds(5),
				Duration.ofMillis(100), Duration.ofSeconds(30));
		return new SocketCaps(properties).acquire("call-1", Role.CUSTOMER);
	}

	/** The connection under the decorator: records what goes out; the first text write is held until released. */
	private static final class HeldNetwork implements WebSocketSession {

		final List<String> log = new CopyOnWriteArrayList<>();

		final CountDownLatch writing = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private final Map<String, Object> attributes = new ConcurrentHashMap<>();

		private volatile boolean open = true;

		@Override
		public void sendMessage(WebSocketMessage<?> message) {
			if (message instanceof TextMessage text) {
				if (this.writing.getCount() > 0) {
					this.writing.countDown();
					try {
						this.release.await(5, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				this.log.add(text.getPayload());
			}
			else {
				this.log.add("ping");
			}
		}

		@Override
		public void close(CloseStatus status) {
			this.log.add("close " + status.getCode());
			this.open = false;
		}

		@Override
		public void close() {
			close(CloseStatus.NORMAL);
		}

		@Override
		public boolean isOpen() {
			return this.open;
		}

		@Override
		public String getId() {
			return "held";
		}

		@Override
		public URI getUri() {
			return URI.create("ws://localhost/ws/v1");
		}

		@Override
		public HttpHeaders getHandshakeHeaders() {
			return new HttpHeaders();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public Principal getPrincipal() {
			return null;
		}

		@Override
		public InetSocketAddress getLocalAddress() {
			return null;
		}

		@Override
		public InetSocketAddress getRemoteAddress() {
			return null;
		}

		@Override
		public String getAcceptedProtocol() {
			return "casecall.v1";
		}

		@Override
		public void setTextMessageSizeLimit(int messageSizeLimit) {
		}

		@Override
		public int getTextMessageSizeLimit() {
			return 65536;
		}

		@Override
		public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		}

		@Override
		public int getBinaryMessageSizeLimit() {
			return 1024;
		}

		@Override
		public List<WebSocketExtension> getExtensions() {
			return List.of();
		}

	}

}
