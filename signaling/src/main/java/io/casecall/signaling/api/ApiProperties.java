package io.casecall.signaling.api;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.util.unit.DataSize;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Call API settings ({@code casecall.api.*}).
 *
 * @param publicBaseUrl the address browsers reach this service at; join and invite links are
 * built from it (for example {@code https://calls.example.com}); it is also the OpenAPI
 * document's server URL
 * @param maxBodySize the largest request body the API reads; a larger one is refused with 413
 * before it is read
 */
@Validated
@ConfigurationProperties("casecall.api")
record ApiProperties(@DefaultValue("http://localhost:8080") @NotNull URI publicBaseUrl,
		@DefaultValue("64KB") @NotNull DataSize maxBodySize) {

	/** {@code base + path}, without a doubled slash. */
	String url(String path) {
		String base = this.publicBaseUrl.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
	}

}
