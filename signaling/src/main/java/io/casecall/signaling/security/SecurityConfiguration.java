package io.casecall.signaling.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.casecall.signaling.system.ProblemWriter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which paths need which key: the call API needs an API key; the ops dashboard's API an ops
 * key. Pages and the signaling socket authenticate with room tokens instead.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	@Bean
	FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(SecurityProperties properties, ProblemWriter problems) {
		KeyRing keys = new KeyRing(properties.apiKeys());
		if (keys.isEmpty()) {
			log.warn("No API key configured (casecall.security.api-keys): every call API request will be refused");
		}
		FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
				new ApiKeyFilter(keys, problems, "casecall-api"));
		registration.addUrlPatterns(ApiKeyFilter.API_PATHS);
		registration.setOrder(10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ApiKeyFilter> opsKeyFilter(SecurityProperties properties, ProblemWriter problems) {
		KeyRing keys = new KeyRing(properties.opsKeys());
		FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
				new ApiKeyFilter(keys, problems, "casecall-ops"));
		registration.addUrlPatterns(ApiKeyFilter.OPS_PATHS);
		registration.setOrder(11);
		return registration;
	}

}
