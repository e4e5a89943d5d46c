package io.casecall.signaling.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards TCP connections from one address to another, without Nagle's delay on either side.
 * The benchmark's far-away customer needs it to reach Janus's WebSocket API, which listens on
 * 127.0.0.1 only; it runs for the benchmark's lifetime and nowhere else.
 */
final class TcpRelay implements AutoCloseable {

	private final ServerSocket server;

	private TcpRelay(ServerSocket server) {
		this.server = server;
	}

	/** Listens on {@code host} (a free port) and forwards each connection to {@code target}. */
	static TcpRelay start(String host, InetSocketAddress target) throws IOException {
		return start(host, 0, target);
	}

	/** Listens on {@code host:port} ({@code 0}: a free port) and forwards each connection to {@code target}. */
	static TcpRelay start(String host, int port, InetSocketAddress target) throws IOException {
		ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(host));
		TcpRelay relay = new TcpRelay(server);
		daemon("tcp-relay", () -> relay.accept(target));
		return relay;
	}

	int port() {
		return this.server.getLocalPort();
	}

	private void accept(InetSocketAddress target) {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(target.getAddress(), target.getPort());
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// closed, or one connection failed: the page sees its socket fail
			}
		}
	}

	private static void pump(Socket from, Socket to) {
		daemon("tcp-relay-pump", () -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n; (n = in.read(buffer)) >= 0;) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other side went away
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
