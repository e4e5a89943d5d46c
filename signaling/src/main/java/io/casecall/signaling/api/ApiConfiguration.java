package io.casecall.signaling.api;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;

import io.casecall.signaling.system.ProblemWriter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's edge: how much of a body it reads, and the server its OpenAPI document names. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

	/** After the rate limits and the key check: an unauthenticated client cannot make it read anything. */
	@Bean
	FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ApiProperties properties, ProblemWriter problems) {
		FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
				new BodyLimitFilter(properties.maxBodySize().toBytes(), problems));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(20);
		return registration;
	}

	/**
	 * The document's {@code servers[0].url} is the configured public base URL: never taken from
	 * the request's {@code Host}, which any client sets.
	 */
	@Bean
	OpenAPI openApi(ApiProperties properties) {
		return new OpenAPI().servers(List.of(new Server().url(properties.url(""))));
	}

}
