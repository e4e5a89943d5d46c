package io.casecall.signaling.bench;

import io.casecall.signaling.CaseCallApplication;
import io.casecall.signaling.support.TestApp;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The application as {@link SocketLoad} runs it in a JVM of its own: the real signaling stack
 * (Tomcat, sockets, Redis, rate limits) with the in-memory SFU, so that ten thousand idle sockets
 * measure what signaling costs, not what an SFU does with ten thousand publishers.
 */
public final class LoadApp {

	private LoadApp() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(CaseCallApplication.class, TestApp.WithFakeSfu.class).run(args);
	}

}
