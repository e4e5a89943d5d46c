package io.casecall.signaling.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;

import io.casecall.signaling.support.Browser;

/**
 * Where the joining side of the benchmark runs. Normally a local headless Chromium. With
 * {@code --remote-driver} (set up by {@code ./dev bench --wan}), a Chromium in the emulated
 * far-away network namespace, driven by the ChromeDriver running there. It reaches the app, the
 * benchmark's pages and Janus's API through relays on {@code --remote-host} (this machine's
 * address on that link; the local services listen on 127.0.0.1), behind the emulated round trip;
 * its media goes straight to Janus's candidate on the link. The publishing side (the agent)
 * stays local. A Jitsi Videobridge's side channel ({@code --jvb-ws}) is relayed on the link at
 * its own port. The CaseCall on that bridge hands every page one URL for it, with a name
 * ({@code --jvb-ws-name}; {@code ./dev bench --wan --sfu jvb} gives it
 * {@code ws://<that name>:<that port>}) that each browser resolves to where it reaches the channel:
 * the relay on the link for the far page, the bridge itself for the agent's (this machine cannot
 * reach the link's address: wan-emulate drops what it sends there by any other interface).
 *
 * <p>With {@code --turn-driver} (set up by {@code ./dev bench --turn}) the joining side is a local
 * Chromium driven by a ChromeDriver that runs as a user whose UDP the firewall rejects: its media
 * can only go through TURN over TCP. CaseCall's pages get the TURN servers from the app; the raw
 * Janus page gets the same servers with credentials made here ({@code CASECALL_BENCH_TURN_URLS},
 * {@code CASECALL_BENCH_TURN_SECRET}).
 */
final class FarSide implements AutoCloseable {

	private final URL driver;

	private final String host;

	/** Local {@code host:port} -> relay on the far side's link. */
	private final Map<String, TcpRelay> relays = new LinkedHashMap<>();

	/** The raw page's {@code ice} parameter (TURN with credentials), or empty. */
	private final String iceQuery;

	/** The name in the bridge channel's URL and where the local browser resolves it, or null. */
	private String bridgeName;

	private String bridgeHost;

	private FarSide(URL driver, String host, String iceQuery) {
		this.driver = driver;
		this.host = host;
		this.iceQuery = iceQuery;
	}

	/**
	 * From the benchmark's arguments: local unless {@code remote-driver} and {@code remote-host}
	 * are given; then {@code localUrls} (the app, Janus, the benchmark's pages, the CaseCall on
	 * Jitsi Videobridge when there is one: {@code null} otherwise) get their relays.
	 */
	static FarSide from(Map<String, String> args, String... localUrls) throws IOException {
		if (args.containsKey("turn-driver")) {
			return new FarSide(URI.create(args.get("turn-driver")).toURL(), null, turnQuery(System.getenv("CASECALL_BENCH_TURN_URLS"),
					System.getenv("CASECALL_BENCH_TURN_SECRET")));
		}
		if (!args.containsKey("remote-driver")) {
			return new FarSide(null, null, "");
		}
		FarSide far = new FarSide(URI.create(args.get("remote-driver")).toURL(), args.get("remote-host"), "");
		for (String url : localUrls) {
			if (url != null) {
				URI uri = URI.create(url);
				far.relays.put(uri.getHost() + ":" + uri.getPort(),
						TcpRelay.start(far.host, new InetSocketAddress(uri.getHost(), uri.getPort())));
			}
		}
		if (args.containsKey("jvb-ws")) {
			URI ws = URI.create(args.get("jvb-ws"));
			far.relays.put(ws.getHost() + ":" + ws.getPort(),
					TcpRelay.start(far.host, ws.getPort(), new InetSocketAddress(ws.getHost(), ws.getPort())));
			far.bridgeName = args.get("jvb-ws-name");
			far.bridgeHost = ws.getHost();
		}
		return far;
	}

	/** A browser for the publishing side (always local). */
	Browser publisher() {
		return (this.bridgeName != null) ? Browser.open(640, 480, resolve(this.bridgeName, this.bridgeHost))
				: Browser.open(640, 480);
	}

	/** Chromium's switch that makes {@code name} resolve to {@code address}. */
	private static String resolve(String name, String address) {
		return "--host-resolver-rules=MAP " + name + " " + address;
	}

	/** A browser for the joining side (far away when remote). */
	Browser joiner() {
		if (this.driver == null) {
			return Browser.open(640, 480);
		}
		if (this.host == null) { // --turn-driver
			return otherUser(this.driver);
		}
		// the customer's page is plain HTTP from a non-local address: allow it the camera
		String origins = String.join(",", this.relays.values().stream().map((r) -> origin("http", r)).toList());
		String secure = "--unsafely-treat-insecure-origin-as-secure=" + origins;
		return (this.bridgeName != null)
				? Browser.remote(this.driver, 640, 480, secure, resolve(this.bridgeName, this.host))
				: Browser.remote(this.driver, 640, 480, secure);
	}

	/**
	 * A browser under a ChromeDriver that runs as another user (e.g. {@code nobody}, whose traffic
	 * the firewall can single out), with a profile folder that user can write.
	 */
	static Browser otherUser(URL driver) {
		try {
			java.nio.file.Path profile = java.nio.file.Files.createTempDirectory("casecall-bench-user");
			java.nio.file.Files.setPosixFilePermissions(profile,
					java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
			return Browser.remote(driver, 640, 480, "--user-data-dir=" + profile.resolve("profile"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code url} (of a local service) as the joining side reaches it. */
	String reach(String url) {
		if (this.driver == null || this.host == null) {
			return url;
		}
		URI uri = URI.create(url);
		TcpRelay relay = this.relays.get(uri.getHost() + ":" + uri.getPort());
		if (relay == null) {
			throw new IllegalArgumentException("No relay to the far side for " + uri.getHost() + ":" + uri.getPort());
		}
		return origin(uri.getScheme(), relay) + uri.getRawPath()
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "")
				+ ((uri.getRawFragment() != null) ? "#" + uri.getRawFragment() : "");
	}

	/** {@code &ice=...} for the raw Janus page, or empty. */
	String iceQuery() {
		return this.iceQuery;
	}

	/** TURN REST credentials (as the app makes them) for the raw page, URL-encoded JSON. */
	private static String turnQuery(String urls, String secret) {
		String username = (System.currentTimeMillis() / 1000 + 3600) + ":bench";
		String credential = io.casecall.signaling.api.IceServers.hmacSha1(secret, username);
		String list = String.join(",", java.util.Arrays.stream(urls.split(",")).map((url) -> "\"" + url.trim() + "\"").toList());
		String json = "[{\"urls\":[" + list + "],\"username\":\"" + username + "\",\"credential\":\"" + credential + "\"}]";
		return "&ice=" + java.net.URLEncoder.encode(json, java.nio.charset.StandardCharsets.UTF_8);
	}

	private String origin(String scheme, TcpRelay relay) {
		return scheme + "://" + this.host + ":" + relay.port();
	}

	@Override
	public void close() throws IOException {
		for (TcpRelay relay : this.relays.values()) {
			relay.close();
		}
	}

}
