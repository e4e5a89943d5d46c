package io.casecall.room.sfu;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which SFU adapter runs ({@code casecall.sfu.type}): {@code janus} (local default) or
 * {@code jvb}. Each adapter has its own settings under {@code casecall.sfu.<type>.*}.
 */
@Validated
@ConfigurationProperties("casecall.sfu")
public record SfuProperties(@DefaultValue("janus") @NotBlank String type) {
}
