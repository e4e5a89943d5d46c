package io.casecall.signaling.ws;

import java.math.BigDecimal;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.extension.ExtendWith;

import io.casecall.room.call.CallService;
import io.casecall.room.call.CallSpec;
import io.casecall.room.call.CreatedCall;
import io.casecall.room.system.RoomServiceConfiguration;
import io.casecall.signaling.evidence.EvidenceProperties;
import io.casecall.signaling.evidence.EvidenceService;
import io.casecall.signaling.metrics.CallMetrics;
import io.casecall.signaling.metrics.TimingReports;
import io.casecall.signaling.support.FakeSfuGateway;
import io.casecall.signaling.support.TestApp;
import io.casecall.signaling.system.ProblemWriter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A slice of the application for tests of the socket layer: the {@code ws} package, the room
 * service (real Redis) and the in-memory SFU, on a real server port for real WebSocket clients.
 * No REST API, ops, rate limits or security headers: calls are created through
 * {@link CallService} directly.
 */
// ExtendWith directly on the class (SpringBootTest carries it too): it marks this as a test class, so the
// application's component scan in other tests leaves the nested Slice configuration alone
@ExtendWith(SpringExtension.class)
@SpringBootTest(classes = SocketSliceSupport.Slice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "casecall.sfu.type=fake")
abstract class SocketSliceSupport {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestApp.properties(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	FakeSfuGateway sfu;

	@Autowired
	CallService calls;

	/** A new call, as the case system would create it. */
	CreatedCall newCall() {
		return newCall(this.calls, this.sfu.type());
	}

	/** A new call on {@code sfu}, as the case system would create it. */
	static CreatedCall newCall(CallService calls, String sfu) {
		CallSpec spec = new CallSpec("CASE-" + UUID.randomUUID(), "Parcel lost in transit",
				new CallSpec.Money(new BigDecimal("129.50"), "EUR"), new CallSpec.Customer("Li Wei", "zh-CN"),
				new CallSpec.Agent("agent-7", "Maria"));
		return calls.create(spec, sfu, "slice-test", null);
	}

	static String join(CreatedCall call, String device) {
		return "{\"type\":\"join\",\"callId\":\"" + call.call().id() + "\",\"device\":\"" + device + "\"}";
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = UserDetailsServiceAutoConfiguration.class)
	@EnableConfigurationProperties({ SignalingProperties.class, EvidenceProperties.class })
	// the evidence feature: the socket relays its photo requests (PhotoMessages)
	@ComponentScan(basePackageClasses = EvidenceService.class)
	@Import({ RoomServiceConfiguration.class, WebSocketConfiguration.class, MediaRoomsConfiguration.class,
			SessionContext.class, MessageCodec.class, CallSessions.class, SeatLeaves.class, SocketCaps.class,
			TokenRefresher.class, CallMetrics.class, TimingReports.class, ProblemWriter.class, PhotoMessages.class,
			KeyframeRelay.class, Draining.class, DetachedParticipants.class, SessionRecords.class })
	static class Slice {

		@Bean
		@Primary
		FakeSfuGateway fakeSfuGateway(ObjectProvider<MeterRegistry> meters) {
			return new FakeSfuGateway(meters.getIfAvailable());
		}

		/** The slice has no security package: every request is let through to the handshake check. */
		@Bean
		SecurityFilterChain openForTheSlice(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

}
