package io.casecall.room.sfu.jvb;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.room.sfu.IceCandidate;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuListener;
import io.casecall.room.sfu.SfuListener.OfferHints;
import io.casecall.room.sfu.SfuParticipant;
import io.casecall.room.sfu.SfuRejectedException;
import io.casecall.room.sfu.SfuRoom;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.system.SerialExecutor;

/**
 * One participant's endpoint on the bridge and its single peer connection ({@value #PC}).
 * <ol>
 * <li>{@link #start()} allocates the endpoint (creating the conference with the room's first
 * endpoint; see {@link EndpointAllocation}), hands the client the bridge channel, then the offer;
 * it runs at the socket's pre-warm, the offer held until the join.</li>
 * <li>{@link #answer} gives the bridge the browser's transport and sources in one request, which
 * makes it start ICE; then every other participant is re-offered with this one's media. A later
 * answer sends only what changed: a transport sent twice makes the bridge set up DTLS again.</li>
 * <li>{@link #reconcile()} re-offers (same credentials, next {@code o=} version) when the others'
 * media changed, never while an offer is unanswered.</li>
 * <li>{@link #close()} expires the endpoint; the others are re-offered with its slot inactive.</li>
 * </ol>
 * The bridge learns the browser's address from its connectivity checks (peer-reflexive), so
 * trickled candidates are not needed.
 */
final class JvbParticipant implements SfuParticipant {

	private static final Logger log = LoggerFactory.getLogger(JvbParticipant.class);

	static final String PC = "jvb";

	/**
	 * Sent on the bridge channel when it opens, before the participant has joined: the bridge
	 * forwards this endpoint nothing, so that its transport can connect while the customer still
	 * looks at the preview (instant join) without any of the other side's media reaching the
	 * device. Video: no endpoint selected ({@code lastN} 0; jvb
	 * {@code message/BridgeChannelMessage.kt} {@code ReceiverVideoConstraintsMessage}). Audio: a
	 * subscription to nothing ({@code AudioSubscriptionManager.isEndpointAudioWanted}: without a
	 * subscription every known source is wanted); the legacy {@code mode} form, which the bridge's
	 * parser still reads ({@code ReceiverAudioSubscriptionMessage.fromJson}: "None" -> all=false),
	 * so that bridges older than the {@code all} form read it too.
	 */
	static final List<String> HELD = List.of("{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":0}",
			"{\"colibriClass\":\"ReceiverAudioSubscription\",\"mode\":\"None\"}");

	/**
	 * Sent by the page once its user has joined (the click is the consent): every source, video up
	 * to 720p. The bridge asks the sender for a keyframe when it starts forwarding a source.
	 */
	static final List<String> RELEASED = List.of(
			"{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":-1,\"defaultConstraints\":{\"maxHeight\":720}}",
			"{\"colibriClass\":\"ReceiverAudioSubscription\",\"mode\":\"All\"}");

	private static final OfferHints HINTS = new OfferHints(true, null);

	/** How long an allocated endpoint waits for its first answer before it is renewed (the bridge's limit is 2 min). */
	static final Duration FRESH_FOR = Duration.ofSeconds(90);


	private static final SecureRandom random = new SecureRandom();

	private final JvbSfuGateway gateway;

	private final SfuRoom room;

	private final JvbProperties.Bridge bridge;

	private final String participantId;

	/** Its endpoint on the bridge (a new one when a late answer renews it). */
	private String endpoint = newEndpointId();

	/** Its peer connection: {@value #PC}, then {@code jvb-1}, ... after renewals. */
	private String pc = PC;

	private int renewals;

	private Instant allocatedAt;

	private final SfuListener listener;

	/**
	 * Runs everything this participant does, one task at a time, on the gateway's bounded pool:
	 * its state is touched by one task at a time and no lock is held across colibri, Redis or
	 * listener calls. {@link #start}, {@link #answer} and {@link #close} wait for their task;
	 * {@link #reconcile} and {@link #lost} (room events, on the shared pub/sub thread) only queue it.
	 */
	private final SerialExecutor serial;

	/** What this participant negotiated so far; {@code null} before {@link #start()}. */
	private EndpointRecord record;

	private FeedbackSources feedback;

	private boolean awaitingAnswer;

	private boolean closed;

	/** Held for the consent ({@link #hold()}, until {@link #resume()}): the bridge sends the endpoint no audio. */
	private boolean heldForConsent;

	/** Whether the endpoint was given its audio media (allocated with video only: see {@link EndpointUpdate#audio()}). */
	private boolean audioAccepted;

	JvbParticipant(JvbSfuGateway gateway, SfuRoom room, JvbProperties.Bridge bridge, String participantId,
			SfuListener listener) {
		this.gateway = gateway;
		this.room = room;
		this.bridge = bridge;
		this.participantId = participantId;
		this.listener = listener;
		this.serial = new SerialExecutor(gateway.work);
	}

	/**
	 * Takes over a participant whose node died or shut down (the page keeps talking to the bridge
	 * directly; nothing on the bridge moves): its endpoint and negotiation state as the room's
	 * record in Redis has them, connection {@code snapshot}'s.
	 * @throws SfuException when the room's state no longer has that endpoint
	 */
	static JvbParticipant restore(JvbSfuGateway gateway, SfuRoom room, JvbProperties.Bridge bridge,
			String participantId, String snapshot, SfuListener listener) {
		String[] parts = snapshot.split("\\|");
		if (parts.length != 3 || !parts[0].equals(bridge.name())) {
			throw new SfuException("Not a session of bridge " + bridge.name() + ": " + snapshot);
		}
		JvbRoomStore.Room state = gateway.store.load(room.roomId());
		EndpointRecord record = state.participants().get(participantId);
		if (record == null || !record.endpoint().equals(parts[1]) || state.conference() == null
				|| state.conference().feedback() == null) {
			throw new SfuException("Room " + room.roomId() + " no longer has endpoint " + parts[1]);
		}
		JvbParticipant participant = new JvbParticipant(gateway, room, bridge, participantId, listener);
		participant.serial.run(() -> {
			participant.endpoint = record.endpoint();
			participant.pc = parts[2];
			participant.record = record;
			participant.audioAccepted = record.answer() != null; // handed over after its join and answer
			participant.feedback = state.conference().feedback();
			participant.allocatedAt = gateway.clock.instant();
			gateway.register(participant);
		});
		log.info("Participant {} of room {} taken over as endpoint {} on bridge {}", participantId, room.roomId(),
				record.endpoint(), bridge.name());
		return participant;
	}

	/** The bridge, the endpoint and the connection, once the endpoint is allocated. */
	@Override
	public String snapshot() {
		return this.serial.call(() -> (this.closed || this.record == null) ? null
				: this.bridge.name() + "|" + this.endpoint + "|" + this.pc);
	}

	/** Stops driving the endpoint without expiring it (the bridge expires it if nobody takes it over). */
	@Override
	public boolean handOff() {
		return this.serial.call(() -> {
			if (this.closed || this.record == null) {
				return false;
			}
			this.closed = true;
			this.gateway.unregister(this);
			return true;
		});
	}

	@Override
	public boolean holds(String pcId) {
		return this.pc.equals(pcId);
	}

	@Override
	public boolean clientOffersMedia() {
		return false;
	}

	/**
	 * The endpoint is allocated while the customer still looks at the preview: nobody sees it
	 * before its answer brings sources, and the offer is held until the join.
	 */
	@Override
	public boolean startsBeforeJoin() {
		return true;
	}

	/**
	 * The bridge holds this endpoint's media from the start: video until the bridge channel's
	 * receiver constraints ({@link #HELD}, released by the page at its user's click,
	 * {@link #RELEASED}), audio until the endpoint is given its audio media ({@link #resume()}).
	 * The transport may connect before the join.
	 */
	@Override
	public boolean holdsMedia() {
		return true;
	}

	/**
	 * The answer before the click leaves the endpoint without audio: the bridge, which forwards
	 * every audio source to an endpoint without an audio subscription, sends it none, whether or
	 * not the bridge channel's greeting has arrived yet (a far, lossy network can delay it past DTLS).
	 */
	@Override
	public void hold() {
		this.serial.run(() -> this.heldForConsent = true);
	}

	/** The click: the endpoint gets its audio media now if it has answered, else with its answer. */
	@Override
	public void resume() {
		this.serial.run(() -> {
			if (!this.heldForConsent) {
				return;
			}
			this.heldForConsent = false;
			if (this.closed || this.record == null || this.record.answer() == null || this.audioAccepted) {
				return;
			}
			try {
				this.gateway.colibri.updateEndpoint(this.bridge, roomId(), this.endpoint, EndpointUpdate.audioOnly());
				this.audioAccepted = true;
			}
			catch (SfuException ex) {
				log.warn("Bridge {} did not take the audio of participant {} in room {}: {}", this.bridge.name(),
						this.participantId, roomId(), ex.getMessage());
			}
		});
	}

	@Override
	public void start() {
		this.serial.run(() -> {
			if (this.closed) {
				throw new SfuUnavailableException("The media session is closed");
			}
			if (this.record != null) {
				throw new IllegalStateException("Participant " + this.participantId + " already started");
			}
			allocateAndOffer();
		});
	}

	/** Allocates this participant's endpoint, then hands the client the bridge channel and the offer. */
	private void allocateAndOffer() {
		if (this.gateway.bridges.isDown(this.bridge.name())) {
			throw new SfuUnavailableException("Bridge " + this.bridge.name() + " is down");
		}
		this.gateway.refusals.checkBudget(roomId());
		JvbRoomStore.Room state = this.gateway.store.load(roomId());
		Allocation allocation;
		try {
			allocation = EndpointAllocation.allocate(this.gateway, this.bridge, roomId(), this.endpoint,
					this.participantId, state);
		}
		catch (SfuRejectedException ex) {
			this.gateway.refusals.record(roomId());
			log.warn("Bridge {} refused participant {} of room {}: {}", this.bridge.name(), this.participantId,
					roomId(), ex.getMessage());
			throw ex;
		}
		try {
			this.feedback = EndpointAllocation.feedback(this.gateway, this.bridge, roomId(), allocation, state);
			List<Slot> slots = Slot.next(List.of(), state.sendingExcept(this.participantId));
			this.record = new EndpointRecord(this.participantId, this.endpoint, random.nextLong() & Long.MAX_VALUE, 1,
					allocation.transport(), null, slots);
			this.gateway.store.saveParticipant(roomId(), this.record);
		}
		catch (RuntimeException ex) {
			this.record = null;
			this.gateway.expireQuietly(this.bridge, roomId(), this.endpoint);
			throw ex;
		}
		this.allocatedAt = this.gateway.clock.instant();
		this.gateway.register(this);
		this.listener.onSnapshotChanged();
		log.info("Participant {} joined room {} as endpoint {} on bridge {}", this.participantId, roomId(),
				this.endpoint, this.bridge.name());
		if (allocation.webSocket() != null) {
			this.listener.onSideChannel(JvbSfuGateway.publicWebSocket(this.bridge, allocation.webSocket()), HELD,
					RELEASED);
		}
		else {
			log.warn("Bridge {} advertises no colibri WebSocket: enable videobridge.websockets, or it forwards "
					+ "no video", this.bridge.name());
		}
		offer();
	}

	/**
	 * The first answer came so late that the bridge may have expired the endpoint (it does so with
	 * endpoints that have not connected within 2 minutes, {@code Endpoint.shouldExpire}): a fresh
	 * endpoint on a new connection replaces it, and the old connection is closed.
	 */
	private void renew() {
		String previous = this.endpoint;
		String previousPc = this.pc;
		log.info("Participant {} answered {} s after its endpoint {} was allocated: allocating a fresh one",
				this.participantId, Duration.between(this.allocatedAt, this.gateway.clock.instant()).toSeconds(),
				previous);
		this.endpoint = newEndpointId();
		this.pc = PC + "-" + (++this.renewals);
		this.record = null;
		this.audioAccepted = false; // a new endpoint, allocated with video only
		this.listener.onClosed(previousPc);
		allocateAndOffer();
		this.gateway.expireQuietly(this.bridge, roomId(), previous);
	}

	@Override
	public String offer(String pcId, String sdp) {
		throw new SfuException("Jitsi Videobridge connections are offered by the server, not by the client");
	}

	@Override
	public void answer(String pcId, String sdp) {
		this.serial.run(() -> answerInTurn(pcId, sdp));
	}

	private void answerInTurn(String pcId, String sdp) {
		if (!this.pc.equals(pcId)) {
			if (pcId != null && pcId.startsWith(PC)) {
				log.debug("Answer of {} for its replaced connection {} ignored", this.participantId, pcId);
				return;
			}
			throw new SfuException("No connection " + pcId + " to answer");
		}
		if (this.closed) {
			throw new SfuUnavailableException("The media session is closed");
		}
		if (this.record == null) {
			throw new SfuException("Nothing was offered yet");
		}
		BrowserAnswer answer = AnswerParser.parse(sdp);
		if (this.record.answer() == null && Duration.between(this.allocatedAt, this.gateway.clock.instant())
			.compareTo(FRESH_FOR) > 0) {
			renew();
			return;
		}
		log.debug("Answer of {} on {}:\n{}", this.participantId, this.bridge.name(), sdp);
		if (!answer.equals(this.record.answer())) {
			Slot before = this.record.asSlot();
			EndpointUpdate update = EndpointUpdate.between(this.record.answer(), answer);
			if (!this.heldForConsent && !this.audioAccepted) {
				update = update.withAudio(); // consented (or never held): audio from the first answer on
			}
			try {
				this.gateway.colibri.updateEndpoint(this.bridge, roomId(), this.endpoint, update);
				this.audioAccepted |= update.audio();
			}
			catch (ConferenceNotFoundException ex) {
				this.closed = true;
				this.gateway.unregister(this);
				this.gateway.roomLost(roomId(), this.participantId);
				throw new SfuUnavailableException("Bridge " + this.bridge.name() + " lost the call's conference",
						ex);
			}
			this.record = this.record.withAnswer(answer);
			if (!this.gateway.store.updateParticipant(roomId(), this.record)) {
				this.awaitingAnswer = false;
				log.info("Room {} was released while participant {} answered", roomId(), this.participantId);
				return;
			}
			if (!Objects.equals(before, this.record.asSlot())) {
				this.gateway.events.changed(roomId(), this.participantId);
			}
		}
		this.awaitingAnswer = false;
		reconcileInTurn();
	}

	@Override
	public void candidate(String pcId, IceCandidate candidate) {
		// The bridge learns the browser's address as a peer-reflexive candidate.
	}

	/** Re-offers when the other participants' media differs from what the last offer carries. */
	void reconcile() {
		this.serial.execute(this::reconcileInTurn);
	}

	/** The bridge lost the room: the client must rejoin. Nothing is left to free on the bridge. */
	void lost(SfuUnavailableException cause) {
		this.serial.execute(() -> {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.gateway.unregister(this);
			this.listener.onLost(cause);
		});
	}

	@Override
	public void close() {
		this.serial.run(this::closeInTurn);
	}

	private void closeInTurn() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.gateway.unregister(this);
		if (this.record != null) {
			this.gateway.leave(this.bridge, roomId(), this.participantId, this.endpoint);
		}
	}

	String roomId() {
		return this.room.roomId();
	}

	String participantId() {
		return this.participantId;
	}

	private static String newEndpointId() {
		return HexFormat.of().toHexDigits(random.nextInt());
	}

	private void reconcileInTurn() {
		if (this.closed || this.record == null || this.awaitingAnswer) {
			return;
		}
		JvbRoomStore.Room state = this.gateway.store.load(roomId());
		List<Slot> next = Slot.next(this.record.slots(), state.sendingExcept(this.participantId));
		if (next.equals(this.record.slots())) {
			return;
		}
		EndpointRecord reoffered = this.record.reoffered(next);
		if (!this.gateway.store.updateParticipant(roomId(), reoffered)) {
			return;
		}
		this.record = reoffered;
		offer();
	}

	private void offer() {
		String sdp = OfferBuilder.build(this.record, this.feedback);
		log.debug("Offer {} for {} on {}:\n{}", this.record.version(), this.participantId, this.bridge.name(), sdp);
		this.awaitingAnswer = true;
		this.listener.onOffer(this.pc, sdp, HINTS);
	}

}
