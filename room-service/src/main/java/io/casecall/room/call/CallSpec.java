package io.casecall.room.call;

import java.math.BigDecimal;

/**
 * What the case system asked for when it escalated a case to a call. Validated at the API
 * boundary; immutable for the life of the call.
 */
public record CallSpec(String caseId, String reason, Money orderValue, Customer customer, Agent agent) {

	/** Order value of the case, in an ISO 4217 currency. */
	public record Money(BigDecimal amount, String currency) {
	}

	/** The customer as the case system knows them; {@code locale} is a BCP 47 tag. */
	public record Customer(String displayName, String locale) {
	}

	/** The support agent who escalated the case. */
	public record Agent(String id, String displayName) {
	}

}
