package io.casecall.signaling.ws;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.casecall.room.call.CallService;
import io.casecall.room.call.CreatedCall;
import io.casecall.room.system.RedisKeys;
import io.casecall.signaling.support.FakeSfuApp;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.support.TestSocket;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The heartbeat's lease renewal (the whole application, real Redis, the in-memory SFU): a socket
 * of a call that ended is closed as ended (4410), not as a seat lost to another connection (4409).
 * The renewal can come while the call's end is being told (seen: the agent's page of a call it had
 * just ended showed "seat taken"), or after the end's event was missed (pub/sub is at most once).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "casecall.sfu.type=fake")
@Import(TestApp.WithFakeSfu.class)
class LeaseRenewalTests extends FakeSfuApp {

	@Autowired
	CallService calls;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void aSocketWhoseNodeMissedTheCallsEndIsClosedAsEndedOnItsLeaseRenewal() {
		CreatedCall call = SocketSliceSupport.newCall(this.calls, this.sfu.type());
		try (TestSocket customer = TestSocket.connect(this.port, call.inviteToken())) {
			customer.send(SocketSliceSupport.join(call, "device-1")).next("joined");

			// another node ended the call; its event never arrived here
			this.redis.opsForHash().put(RedisKeys.call(call.call().id()), "status", "ended");

			await().atMost(Duration.ofSeconds(20)).until(customer::closed);
			assertThat(customer.closeCode()).isEqualTo(CloseCodes.CALL_ENDED);
		}
	}

}
