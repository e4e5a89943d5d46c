package io.casecall.room.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the room-service module for a Spring application: scans the module's
 * features (leaving out test configurations, as {@code @SpringBootApplication} does) and
 * provides the clock every expiry decision is made with.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = "io.casecall.room",
		excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@ConfigurationPropertiesScan("io.casecall.room")
public class RoomServiceConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
