package io.casecall.signaling.failover;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.casecall.signaling.support.AppNode;
import io.casecall.signaling.support.TestCall;
import io.casecall.signaling.support.TestSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node stopped for a rolling deploy ({@code kill}, SIGTERM) closes its sockets with 1001 going
 * away at once, so that pages reconnect (through the balancer, to another node) without waiting for
 * a heartbeat to time out.
 */
class GracefulShutdownTests {

	@TempDir
	Path keys;

	@Test
	void aNodeShuttingDownClosesItsSocketsWith1001() throws Exception {
		try (AppNode node = AppNode.start("node-graceful", this.keys, "http://localhost:0")) {
			node.awaitReady(Duration.ofSeconds(150));
			TestCall call = TestCall.create(node.port());
			try (TestSocket agent = TestSocket.connect(node.port(), call.agentToken());
					TestSocket customer = TestSocket.connect(node.port(), call.inviteToken())) {
				await().atMost(Duration.ofSeconds(10)).until(() -> node.metric("casecall_sockets_open") == 2);

				long stopping = System.nanoTime();
				node.terminate();

				assertThat(agent.closeCode()).isEqualTo(1001);
				assertThat(customer.closeCode()).isEqualTo(1001);
				System.out.printf("graceful shutdown: sockets closed with 1001 %d ms after SIGTERM%n",
						(System.nanoTime() - stopping) / 1_000_000);
			}
		}
	}

}
