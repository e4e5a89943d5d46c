package io.casecall.room.call;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.casecall.room.test.MutableClock;
import io.casecall.room.token.InvalidTokenException.Reason;
import io.casecall.room.token.InvalidTokenException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import io.casecall.room.token.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallServiceTests extends CallIntegrationSupport {

	@Autowired
	CallService calls;

	@Autowired
	CallAccess access;

	@Autowired
	MutableClock clock;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void createsACallWhoseTokensAdmitEachSeat() {
		CreatedCall created = this.calls.create(spec(newCase()), "janus", "crm", null);

		Admission agent = this.access.admit(created.agentToken());
		Admission customer = this.access.admit(created.inviteToken());

		assertThat(created.replayed()).isFalse();
		assertThat(created.call().status()).isEqualTo(CallStatus.CREATED);
		assertThat(agent.role()).isEqualTo(Role.AGENT);
		assertThat(agent.participantId()).isEqualTo(created.call().agent().participantId());
		assertThat(customer.role()).isEqualTo(Role.CUSTOMER);
		assertThat(customer.token().locale()).isEqualTo("zh-CN");
		assertThat(created.call().inviteExpiresAt()).isEqualTo(created.call().createdAt().plus(Duration.ofMinutes(30)));
		assertThat(this.calls.get(created.call().id())).isEqualTo(created.call());
	}

	@Test
	void repeatsTheSameCallForTheSameIdempotencyKeyAndBody() {
		String caseId = newCase();
		String key = UUID.randomUUID().toString();

		CreatedCall first = this.calls.create(spec(caseId), "janus", "crm", key);
		CreatedCall second = this.calls.create(spec(caseId), "janus", "crm", key);

		assertThat(second.call().id()).isEqualTo(first.call().id());
		assertThat(second.replayed()).isTrue();
		assertThat(this.access.admit(second.inviteToken()).callId()).isEqualTo(first.call().id());
		assertThat(this.calls.history(caseId, 10)).hasSize(1);
	}

	@Test
	void refusesAnIdempotencyKeyReusedWithAnotherBody() {
		String key = UUID.randomUUID().toString();
		this.calls.create(spec(newCase()), "janus", "crm", key);

		assertThatThrownBy(() -> this.calls.create(spec(newCase()), "janus", "crm", key))
			.isInstanceOf(IdempotencyConflictException.class)
			.hasFieldOrPropertyWithValue("code", "idempotency_conflict");
	}

	@Test
	void scopesIdempotencyKeysToTheClient() {
		String caseId = newCase();
		String key = UUID.randomUUID().toString();

		String first = this.calls.create(spec(caseId), "janus", "crm-eu", key).call().id();
		String second = this.calls.create(spec(caseId), "janus", "crm-us", key).call().id();

		assertThat(second).isNotEqualTo(first);
	}

	@Test
	void listsACasesCallsNewestFirst() {
		String caseId = newCase();
		String oldest = this.calls.create(spec(caseId), "janus", "crm", null).call().id();
		this.clock.advance(Duration.ofSeconds(1));
		String middle = this.calls.create(spec(caseId), "janus", "crm", null).call().id();
		this.clock.advance(Duration.ofSeconds(1));
		String newest = this.calls.create(spec(caseId), "janus", "crm", null).call().id();

		assertThat(this.calls.history(caseId, 10)).extracting(Call::id).containsExactly(newest, middle, oldest);
		assertThat(this.calls.history(caseId, 2)).extracting(Call::id).containsExactly(newest, middle);
	}

	@Test
	void endingRevokesTheTokensKeepsTheFirstOutcomeAndIsIdempotent() {
		CreatedCall created = this.calls.create(spec(newCase()), "janus", "crm", null);
		String id = created.call().id();

		Call ended = this.calls.end(id, EndReason.AGENT_ENDED, Outcome.RESHIPPED, null);
		Call again = this.calls.end(id, EndReason.EXPIRED, Outcome.REFUNDED, "Refund approved");

		assertThat(ended.status()).isEqualTo(CallStatus.ENDED);
		assertThat(ended.endedAt()).isEqualTo(this.clock.instant());
		assertThat(again.endReason()).isEqualTo(EndReason.AGENT_ENDED);
		assertThat(again.outcome()).isEqualTo(Outcome.RESHIPPED);
		assertThat(again.note()).isEqualTo("Refund approved");
		for (String token : List.of(created.agentToken(), created.inviteToken())) {
			assertThatThrownBy(() -> this.access.admit(token)).isInstanceOfSatisfying(InvalidTokenException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.REVOKED));
		}
	}

	@Test
	void keepsAnEndedCallForTheRetentionPeriod() {
		String id = this.calls.create(spec(newCase()), "janus", "crm", null).call().id();

		this.calls.end(id, EndReason.AGENT_ENDED, null, null);

		Long ttl = this.redis.getExpire(CallRepository.callKey(id));
		assertThat(ttl).isBetween(Duration.ofDays(30).minusMinutes(1).toSeconds(), Duration.ofDays(30).toSeconds());
	}

	@Test
	void refusesUnknownCallsAndTokensForAnotherCall() {
		CreatedCall one = this.calls.create(spec(newCase()), "janus", "crm", null);
		CreatedCall two = this.calls.create(spec(newCase()), "janus", "crm", null);

		assertThatThrownBy(() -> this.calls.get("no-such-call")).isInstanceOf(CallNotFoundException.class);
		assertThatThrownBy(() -> this.calls.end("no-such-call", EndReason.AGENT_ENDED, null, null))
			.isInstanceOf(CallNotFoundException.class);
		assertThatThrownBy(() -> this.access.admit(one.inviteToken(), two.call().id()))
			.isInstanceOfSatisfying(InvalidTokenException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.WRONG_CALL));
	}

	static String newCase() {
		return "CASE-" + UUID.randomUUID();
	}

	static CallSpec spec(String caseId) {
		return new CallSpec(caseId, "Parcel lost in transit", new CallSpec.Money(new BigDecimal("129.50"), "EUR"),
				new CallSpec.Customer("Li Wei", "zh-CN"), new CallSpec.Agent("agent-7", "Maria"));
	}

}
