package io.casecall.signaling.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.casecall.room.call.Admission;
import io.casecall.room.call.CallAccess;
import io.casecall.room.call.CallService;
import io.casecall.room.token.Role;
import io.casecall.room.token.InvalidTokenException;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The evidence API. A call page uploads a photo with its room token; a case system lists and reads
 * a call's evidence with its API key; the agent's page reads its own call's evidence with the
 * agent's room token (thumbnails in the side panel). The customer's token never reads evidence.
 */
@RestController
class EvidenceController {

	private static final String ID = "[A-Za-z0-9_-]{1,64}";

	private final EvidenceService evidence;

	private final CallAccess access;

	private final CallService calls;

	private final EvidenceProperties properties;

	EvidenceController(EvidenceService evidence, CallAccess access, CallService calls,
			EvidenceProperties properties) {
		this.evidence = evidence;
		this.access = access;
		this.calls = calls;
		this.properties = properties;
	}

	/**
	 * Stores a photo (the raw JPEG, PNG or WebP bytes as the body) for the call of the room token.
	 * {@code request}: the {@code photo_request} it answers; {@code notice}: whether the page showed
	 * the capture notice.
	 */
	@PostMapping(path = "/api/v1/calls/{callId}/evidence", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Upload a photo with the call's room token (Authorization: Bearer); for the call pages, "
			+ "not the case system")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			description = "The raw photo; its type is read from its bytes, location metadata is removed",
			content = { @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/webp", schema = @Schema(type = "string", format = "binary")) })
	ResponseEntity<EvidenceView> upload(@PathVariable @Pattern(regexp = ID) String callId,
			@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestParam(name = "request", required = false) @Pattern(regexp = ID) String requestId,
			@RequestParam(name = "notice", defaultValue = "false") boolean notice, HttpServletRequest request)
			throws IOException {
		Admission admission = this.access.admit(bearer(authorization), callId);
		long limit = this.properties.maxSize().toBytes();
		if (request.getContentLengthLong() > limit) {
			throw EvidenceException.tooLarge(limit);
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
		}
		if (body.length == 0) {
			throw EvidenceException.unsupported();
		}
		Evidence stored = this.evidence.add(admission, body, requestId, notice);
		return ResponseEntity.status(HttpStatus.CREATED).body(EvidenceView.of(stored));
	}

	/** A call's evidence, for the case system (API key). */
	@GetMapping(path = "/api/v1/calls/{callId}/evidence", produces = MediaType.APPLICATION_JSON_VALUE)
	EvidenceListView list(@PathVariable @Pattern(regexp = ID) String callId) {
		this.calls.get(callId); // 404 call_not_found for an unknown or expired call
		return new EvidenceListView(callId, this.evidence.list(callId).stream().map(EvidenceView::of).toList());
	}

	/** An item's bytes, for the case system (API key). */
	@GetMapping("/api/v1/calls/{callId}/evidence/{evidenceId}")
	@Operation(summary = "A photo's bytes", responses = @ApiResponse(responseCode = "200",
			content = { @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/webp", schema = @Schema(type = "string", format = "binary")) }))
	ResponseEntity<byte[]> bytes(@PathVariable @Pattern(regexp = ID) String callId,
			@PathVariable @Pattern(regexp = ID) String evidenceId) {
		return image(this.evidence.item(callId, evidenceId));
	}

	/** The evidence of the agent's own call (agent room token): the side panel's thumbnails. */
	@GetMapping(path = "/api/v1/session/evidence", produces = MediaType.APPLICATION_JSON_VALUE)
	EvidenceListView agentList(@RequestHeader(name = "Authorization", required = false) String authorization) {
		Admission agent = agent(authorization);
		return new EvidenceListView(agent.callId(),
				this.evidence.list(agent.callId()).stream().map(EvidenceView::of).toList());
	}

	/** An item of the agent's own call (agent room token). */
	@GetMapping("/api/v1/session/evidence/{evidenceId}")
	ResponseEntity<byte[]> agentBytes(@PathVariable @Pattern(regexp = ID) String evidenceId,
			@RequestHeader(name = "Authorization", required = false) String authorization) {
		Admission agent = agent(authorization);
		return image(this.evidence.item(agent.callId(), evidenceId));
	}

	private Admission agent(String authorization) {
		Admission admission = this.access.admit(bearer(authorization));
		if (admission.role() != Role.AGENT) {
			throw new EvidenceException(403, "agent_only", "Only the agent's page reads a call's evidence");
		}
		return admission;
	}

	private static ResponseEntity<byte[]> image(EvidenceService.Item item) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(item.evidence().contentType()))
			.header("X-Content-Type-Options", "nosniff")
			.header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + item.evidence().id() + "\"")
			.header("Content-Security-Policy", "default-src 'none'; sandbox")
			.header("Repr-Digest", "sha-256=:" + java.util.Base64.getEncoder()
				.encodeToString(java.util.HexFormat.of().parseHex(item.evidence().sha256())) + ":")
			.cacheControl(CacheControl.noStore().cachePrivate())
			.body(item.bytes());
	}

	private static String bearer(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED,
					"Send the room token as Authorization: Bearer <token>");
		}
		return authorization.substring("Bearer ".length()).trim();
	}

	/** An item as the API shows it. */
	record EvidenceView(String evidenceId, String contentType, long size, String sha256, String requestedBy,
			String uploadedBy, Instant at, boolean noticeShown) {

		static EvidenceView of(Evidence evidence) {
			return new EvidenceView(evidence.id(), evidence.contentType(), evidence.size(), evidence.sha256(),
					evidence.requestedBy(), evidence.uploadedBy(), evidence.at(), evidence.noticeShown());
		}

	}

	record EvidenceListView(String callId, List<EvidenceView> items) {
	}

}
