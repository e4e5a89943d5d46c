package io.casecall.signaling.api;

import java.math.BigDecimal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.casecall.room.call.CallSpec;

/**
 * Body of {@code POST /api/v1/calls}: a case escalated to a call.
 *
 * @param caseId the case system's id of the case (1-64 of {@code A-Z a-z 0-9 . _ : -})
 * @param reason why the agent escalates, shown on the agent's page
 * @param orderValue value of the order concerned
 * @param customer who will be invited
 * @param agent who is calling
 */
record CreateCallRequest(
		@NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}", message = "must be 1-64 characters of A-Z a-z 0-9 . _ : -") String caseId,
		@Size(max = 200) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_MESSAGE) String reason,
		@Valid OrderValue orderValue,
		@Valid Customer customer,
		@Valid Agent agent) {

	/** Order value; {@code currency} is an ISO 4217 code. */
	record OrderValue(@NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal amount,
			@NotNull @IsoCurrency String currency) {
	}

	/** The customer; {@code locale} is a BCP 47 tag such as {@code zh-CN}. */
	record Customer(
			@Size(min = 1, max = 80) @Pattern(regexp = TextRules.NAME, message = TextRules.NAME_MESSAGE) String displayName,
			@Size(max = 35) @LanguageTag String locale) {
	}

	/** The agent placing the call. */
	record Agent(@Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9._@:-]+") String id,
			@Size(min = 1, max = 80) @Pattern(regexp = TextRules.NAME, message = TextRules.NAME_MESSAGE) String displayName) {
	}

	CallSpec toSpec() {
		CallSpec.Money money = (this.orderValue != null)
				? new CallSpec.Money(this.orderValue.amount(), this.orderValue.currency()) : null;
		String customerName = (this.customer != null && this.customer.displayName() != null)
				? this.customer.displayName() : "Customer";
		// no locale: the customer's page follows the browser's languages
		String locale = (this.customer != null && this.customer.locale() != null)
				? LanguageTag.Validator.canonical(this.customer.locale()) : null;
		String agentId = (this.agent != null) ? this.agent.id() : null;
		String agentName = (this.agent != null && this.agent.displayName() != null) ? this.agent.displayName()
				: "Support agent";
		return new CallSpec(this.caseId, this.reason, money, new CallSpec.Customer(customerName, locale),
				new CallSpec.Agent(agentId, agentName));
	}

}
