package io.casecall.signaling.api;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * How request bodies are read (the REST API only; the socket has its own codec): strictly.
 * <ul>
 * <li>A number or boolean where a string is expected is refused, not turned into text
 * ({@code "caseId":123}).</li>
 * <li>A member given twice is refused ({@code {"caseId":"A","caseId":"B"}}): which one wins would
 * depend on the parser.</li>
 * <li>An unknown member is refused and named in the problem: a typo ({@code "reasons"}) must not
 * silently drop a value, and a client learns at once what this version accepts. New optional
 * members are added in a minor version, so clients never need to send members the server does
 * not know.</li>
 * </ul>
 * The size of a body is bounded before it is read by {@link BodyLimitFilter}.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

	/** Replaces the JSON converter in its place (after Boot's own, order 0), not in front of the others. */
	@Bean
	@Order(10)
	ServerHttpMessageConvertersCustomizer strictJsonConverter(JsonMapper json) {
		JsonMapper strict = json.rebuild()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.withCoercionConfig(LogicalType.Textual, (coercion) -> coercion
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.build();
		return (converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
	}

}
