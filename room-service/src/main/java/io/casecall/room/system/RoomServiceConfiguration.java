package io.casecall.room.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the room-service module for a Spring application: scans the module's
 * features and provides the clock every expiry decision is made with.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan("io.casecall.room")
@ConfigurationPropertiesScan("io.casecall.room")
public class RoomServiceConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
