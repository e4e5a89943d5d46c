package io.casecall.signaling.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/** Serves the benchmark's own pages ({@code src/test/resources/bench}) on 127.0.0.1. */
final class BenchPages implements AutoCloseable {

	private final HttpServer server;

	private BenchPages(HttpServer server) {
		this.server = server;
	}

	static BenchPages start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			String name = exchange.getRequestURI().getPath().replaceFirst("^/", "");
			try (InputStream page = (name.matches("[a-z-]+\\.html"))
					? BenchPages.class.getResourceAsStream("/bench/" + name) : null) {
				if (page == null) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				byte[] body = page.readAllBytes();
				exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		});
		server.start();
		return new BenchPages(server);
	}

	String origin() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	String url(String path) {
		return origin() + "/" + path;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
