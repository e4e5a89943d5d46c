package io.casecall.room.system;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which Redis the application talks to ({@code casecall.redis.*}).
 *
 * @param mode {@code standalone} (one server at {@code spring.data.redis.host}/{@code port}),
 * {@code cluster} (a Redis Cluster reached through the seed {@code nodes}) or {@code sentinel}
 * (the primary of {@code master}, as the Sentinels in {@code nodes} tell it, followed across
 * failovers)
 * @param nodes cluster seed nodes or Sentinels, as {@code host:port}
 * @param master the Sentinel master name
 * @param sentinelPassword password of the Sentinels themselves (empty: none); the data nodes use
 * {@code spring.data.redis.username}/{@code password}
 */
@Validated
@ConfigurationProperties("casecall.redis")
public record RedisTopologyProperties(@DefaultValue("standalone") @NotNull Mode mode,
		@DefaultValue List<String> nodes, @DefaultValue("") String master, @DefaultValue("") String sentinelPassword) {

	/** How the Redis deployment is reached. */
	public enum Mode {

		STANDALONE, CLUSTER, SENTINEL

	}

}
