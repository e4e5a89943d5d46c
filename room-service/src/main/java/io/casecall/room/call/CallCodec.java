package io.casecall.room.call;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.casecall.room.token.Role;

/**
 * Maps a {@link Call} to and from the fields of its Redis hash. Timestamps are epoch
 * milliseconds; absent values are absent fields. Seat fields are prefixed with the role
 * ({@code agent.present}, {@code customer.lastLeftAt}, ...).
 */
final class CallCodec {

	private CallCodec() {
	}

	/** Fields written when a call is created. */
	static Map<String, String> encode(Call call) {
		Map<String, String> fields = new LinkedHashMap<>();
		CallSpec spec = call.spec();
		put(fields, "id", call.id());
		put(fields, "caseId", spec.caseId());
		put(fields, "reason", spec.reason());
		if (spec.orderValue() != null) {
			put(fields, "orderAmount", spec.orderValue().amount().toPlainString());
			put(fields, "orderCurrency", spec.orderValue().currency());
		}
		if (spec.customer() != null) {
			put(fields, "customerName", spec.customer().displayName());
			put(fields, "customerLocale", spec.customer().locale());
		}
		if (spec.agent() != null) {
			put(fields, "agentId", spec.agent().id());
			put(fields, "agentName", spec.agent().displayName());
		}
		put(fields, "status", call.status().wire());
		put(fields, "room", call.room());
		put(fields, "sfu", call.sfu());
		put(fields, "sfuInstance", call.sfuInstance());
		put(fields, "createdAt", call.createdAt());
		put(fields, "agentTokenExpiresAt", call.agentTokenExpiresAt());
		put(fields, "inviteExpiresAt", call.inviteExpiresAt());
		put(fields, "agent.pid", call.agent().participantId());
		put(fields, "customer.pid", call.customer().participantId());
		return fields;
	}

	static Call decode(Map<Object, Object> raw) {
		Map<String, String> f = new LinkedHashMap<>();
		raw.forEach((key, value) -> f.put(String.valueOf(key), String.valueOf(value)));
		CallSpec.Money money = f.containsKey("orderAmount")
				? new CallSpec.Money(new BigDecimal(f.get("orderAmount")), f.get("orderCurrency")) : null;
		CallSpec.Customer customer = (f.containsKey("customerName") || f.containsKey("customerLocale"))
				? new CallSpec.Customer(f.get("customerName"), f.get("customerLocale")) : null;
		CallSpec.Agent agent = (f.containsKey("agentId") || f.containsKey("agentName"))
				? new CallSpec.Agent(f.get("agentId"), f.get("agentName")) : null;
		CallSpec spec = new CallSpec(f.get("caseId"), f.get("reason"), money, customer, agent);
		return new Call(f.get("id"), spec, CallStatus.fromWire(f.get("status")), f.get("room"), f.get("sfu"),
				f.get("sfuInstance"),
				instant(f, "createdAt"), instant(f, "waitingAt"), instant(f, "connectedAt"), instant(f, "endedAt"),
				f.containsKey("endReason") ? EndReason.fromWire(f.get("endReason")) : null,
				Outcome.fromWire(f.get("outcome")), f.get("note"), instant(f, "agentTokenExpiresAt"),
				instant(f, "inviteExpiresAt"), seat(f, Role.AGENT), seat(f, Role.CUSTOMER), timings(f),
				instant(f, "agentTokensFrom"), f.get("agentLinkId"));
	}

	/** Stored timing reports, agent's first, each role's by join number. */
	private static List<String> timings(Map<String, String> f) {
		return f.keySet()
			.stream()
			.filter((name) -> name.startsWith("timing."))
			.sorted(Comparator.comparing((String name) -> name.substring(0, name.lastIndexOf('.')))
				.thenComparingInt((name) -> Integer.parseInt(name.substring(name.lastIndexOf('.') + 1))))
			.map(f::get)
			.toList();
	}

	private static Seat seat(Map<String, String> f, Role role) {
		String p = role.wire() + ".";
		String joins = f.get(p + "joins");
		return new Seat(f.get(p + "pid"), role, "1".equals(f.get(p + "present")), instant(f, p + "firstJoinedAt"),
				instant(f, p + "lastJoinedAt"), instant(f, p + "lastLeftAt"), joins == null ? 0 : Integer.parseInt(joins),
				!"0".equals(f.get(p + "audio")), !"0".equals(f.get(p + "video")),
				"1".equals(f.get(p + "present")) ? instant(f, p + "lease") : null,
				f.containsKey(p + "leftCause") ? PresenceCause.fromWire(f.get(p + "leftCause")) : null);
	}

	private static void put(Map<String, String> fields, String name, Object value) {
		if (value instanceof Instant instant) {
			fields.put(name, String.valueOf(instant.toEpochMilli()));
		}
		else if (value != null) {
			fields.put(name, value.toString());
		}
	}

	private static Instant instant(Map<String, String> f, String name) {
		String value = f.get(name);
		return (value != null) ? Instant.ofEpochMilli(Long.parseLong(value)) : null;
	}

}
