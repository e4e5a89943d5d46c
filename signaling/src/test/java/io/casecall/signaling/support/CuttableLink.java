package io.casecall.signaling.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A browser's network path to the app that a test can cut like a Wi-Fi going away: a TCP
 * forwarder on a port of its own (the page is opened through it, so its HTTP and WebSocket go this
 * way). {@link #cut()} makes every connection silent in both directions without closing it (bytes
 * are read and dropped, as packets into a dead network), and connections opened while cut are
 * accepted and never answered (a handshake that hangs). {@link #restore()} forwards new
 * connections again; the ones from before stay dead, as after a real outage. {@link #reset()}
 * breaks the open connections at once instead (a blip).
 */
public final class CuttableLink implements AutoCloseable {

	private final ServerSocket server;

	private final int target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile AtomicBoolean generation = new AtomicBoolean(true);

	private CuttableLink(ServerSocket server, int target) {
		this.server = server;
		this.target = target;
	}

	/** Forwards {@code localhost:port()} to {@code localhost:target}. */
	public static CuttableLink to(int target) throws IOException {
		ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		CuttableLink link = new CuttableLink(server, target);
		daemon("link-accept", link::acceptLoop).start();
		return link;
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** The network goes away: nothing passes on any connection, new ones hang. */
	public void cut() {
		this.generation.set(false);
	}

	/** The network is back for new connections. */
	public void restore() {
		this.generation = new AtomicBoolean(true);
	}

	/**
	 * A blip: every connection open now breaks at once, without a close frame (a reset, as when a
	 * NAT or a proxy drops the connection); new ones pass as before.
	 */
	public void reset() {
		for (Socket socket : this.sockets) {
			this.sockets.remove(socket);
			try {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			catch (IOException ex) {
				// closed already
			}
		}
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				AtomicBoolean alive = this.generation;
				if (!alive.get()) {
					continue; // accepted by the "network", never answered
				}
				Socket upstream = new Socket();
				upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.target));
				this.sockets.add(upstream);
				daemon("link-up", () -> pump(client, upstream, alive)).start();
				daemon("link-down", () -> pump(upstream, client, alive)).start();
			}
			catch (IOException ex) {
				// closed, or the app refused: the browser sees a dropped connection
			}
		}
	}

	private static void pump(Socket from, Socket to, AtomicBoolean alive) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				if (alive.get()) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			if (alive.get()) {
				to.shutdownOutput(); // a close passes only while the network is up
			}
		}
		catch (IOException ex) {
			// one side went away
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
