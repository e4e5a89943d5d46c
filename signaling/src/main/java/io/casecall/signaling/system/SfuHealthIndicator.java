package io.casecall.signaling.system;

import java.util.List;
import java.util.Map;

import io.casecall.room.sfu.SfuGateway;
import io.casecall.room.sfu.SfuInstanceStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code sfu}: UP while at least one SFU instance is
 * reachable, with each instance's state and load as details.
 */
@Component("sfu")
class SfuHealthIndicator implements HealthIndicator {

	private final SfuGateway gateway;

	SfuHealthIndicator(SfuGateway gateway) {
		this.gateway = gateway;
	}

	@Override
	public Health health() {
		List<SfuInstanceStatus> instances = this.gateway.status();
		Health.Builder health = instances.stream().anyMatch(SfuInstanceStatus::up) ? Health.up() : Health.down();
		health.withDetail("type", this.gateway.type());
		for (SfuInstanceStatus instance : instances) {
			health.withDetail(instance.name(), Map.of("up", instance.up(), "load", instance.load(), "detail",
					String.valueOf(instance.detail())));
		}
		return health.build();
	}

}
