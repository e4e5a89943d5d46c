package io.casecall.signaling.api;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Call API settings ({@code casecall.api.*}).
 *
 * @param publicBaseUrl the address browsers reach this service at; join and invite links are
 * built from it (for example {@code https://calls.example.com})
 */
@Validated
@ConfigurationProperties("casecall.api")
record ApiProperties(@DefaultValue("http://localhost:8080") @NotNull URI publicBaseUrl) {

	/** {@code base + path}, without a doubled slash. */
	String url(String path) {
		String base = this.publicBaseUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
	}

}
