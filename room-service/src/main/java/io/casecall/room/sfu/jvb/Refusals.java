package io.casecall.room.sfu.jvb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.casecall.room.sfu.SfuRejectedException;

/**
 * Refusals (HTTP 4xx) of the bridges: what they said, and a bound on asking again. A room whose
 * joins a bridge refused {@value #MAX_PER_WINDOW} times within {@link #WINDOW} is not sent to a
 * bridge again until the oldest of those refusals is older than that: a page reloaded in a loop
 * costs the bridge at most a few requests per call per minute.
 */
final class Refusals {

	static final int MAX_PER_WINDOW = 3;

	static final Duration WINDOW = Duration.ofMinutes(1);

	/** Jetty's error page: the bridge's message in the MESSAGE cell (POST; PATCH errors have no body). */
	private static final Pattern MESSAGE_CELL = Pattern.compile("<th>MESSAGE:</th><td>(.*?)</td>", Pattern.DOTALL);

	private static final Pattern TITLE = Pattern.compile("<title>(?:Error \\d+ )?(.*?)</title>", Pattern.DOTALL);

	private static final int MAX_REASON = 200;

	private final Clock clock;

	private final Map<String, Deque<Instant>> byRoom = new ConcurrentHashMap<>();

	Refusals(Clock clock) {
		this.clock = clock;
	}

	/**
	 * @throws SfuRejectedException when the room's joins were refused too often in the last
	 * {@link #WINDOW}
	 */
	void checkBudget(String roomId) {
		Deque<Instant> recent = this.byRoom.get(roomId);
		if (recent == null) {
			return;
		}
		synchronized (recent) {
			prune(recent);
			if (recent.size() >= MAX_PER_WINDOW) {
				Duration wait = Duration.between(this.clock.instant(), recent.peekFirst().plus(WINDOW));
				throw new SfuRejectedException("The bridge refused room " + roomId + " " + recent.size()
						+ " times within " + WINDOW.toSeconds() + " s; not asking again for " + wait.toSeconds() + " s");
			}
		}
	}

	void record(String roomId) {
		Deque<Instant> recent = this.byRoom.computeIfAbsent(roomId, (room) -> new ArrayDeque<>());
		synchronized (recent) {
			prune(recent);
			recent.addLast(this.clock.instant());
		}
	}

	void forget(String roomId) {
		this.byRoom.remove(roomId);
	}

	private void prune(Deque<Instant> recent) {
		Instant oldest = this.clock.instant().minus(WINDOW);
		while (!recent.isEmpty() && !recent.peekFirst().isAfter(oldest)) {
			recent.removeFirst();
		}
	}

	/**
	 * The bridge's reason from a refusal's body: Jersey's message as Jetty's error page shows it
	 * ({@code BadRequestExceptionWithMessage}), plain text as it is, or a fixed phrase when there is
	 * none. Shortened, on one line, with a parser's echo of the request cut off.
	 */
	static String reason(String body) {
		if (body == null || body.isBlank()) {
			return "no reason given";
		}
		String text = body;
		Matcher cell = MESSAGE_CELL.matcher(body);
		Matcher title = TITLE.matcher(body);
		if (cell.find()) {
			text = unescape(cell.group(1));
		}
		else if (title.find()) {
			text = unescape(title.group(1));
		}
		else if (body.stripLeading().startsWith("<")) {
			return "no reason given";
		}
		int echo = text.indexOf(" at [Source");
		if (echo >= 0) {
			text = text.substring(0, echo);
		}
		text = text.strip().replaceAll("\\s+", " ");
		return (text.length() > MAX_REASON) ? text.substring(0, MAX_REASON) + "..." : text;
	}

	private static String unescape(String html) {
		return html.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&quot;", "\"")
			.replace("&apos;", "'")
			.replace("&#39;", "'")
			.replace("&amp;", "&");
	}

}
