package io.casecall.signaling.system;

import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import io.casecall.room.call.CallEndedException;
import io.casecall.room.call.CallNotFoundException;
import io.casecall.room.call.IdempotencyConflictException;
import io.casecall.room.call.SeatTakenException;
import io.casecall.room.sfu.SfuException;
import io.casecall.room.sfu.SfuUnavailableException;
import io.casecall.room.system.CaseCallException;
import io.casecall.room.system.StoreUnavailableException;
import io.casecall.room.token.InvalidTokenException;
import io.casecall.signaling.evidence.EvidenceException;
import io.casecall.signaling.evidence.EvidenceStoreException;
import io.casecall.signaling.webhook.DeliveryInFlightException;
import io.casecall.signaling.webhook.DeliveryNotFoundException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place that turns failures into RFC 9457 problem responses with a stable {@code code}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private static final Map<Class<? extends CaseCallException>, HttpStatus> STATUS = Map.ofEntries(
			Map.entry(CallNotFoundException.class, HttpStatus.NOT_FOUND),
			Map.entry(IdempotencyConflictException.class, HttpStatus.UNPROCESSABLE_CONTENT),
			Map.entry(CallEndedException.class, HttpStatus.GONE),
			Map.entry(SeatTakenException.class, HttpStatus.CONFLICT),
			Map.entry(InvalidTokenException.class, HttpStatus.UNAUTHORIZED),
			Map.entry(EvidenceStoreException.class, HttpStatus.SERVICE_UNAVAILABLE),
			Map.entry(StoreUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE),
			Map.entry(SfuUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE),
			Map.entry(SfuException.class, HttpStatus.BAD_GATEWAY),
			Map.entry(DeliveryNotFoundException.class, HttpStatus.NOT_FOUND),
			Map.entry(DeliveryInFlightException.class, HttpStatus.CONFLICT));

	@ExceptionHandler(CaseCallException.class)
	ResponseEntity<ProblemDetail> caseCall(CaseCallException ex) {
		HttpStatus status = (ex instanceof InvalidTokenException token
				&& token.reason() == InvalidTokenException.Reason.REVOKED) ? HttpStatus.FORBIDDEN
						: STATUS.entrySet()
							.stream()
							.filter((entry) -> entry.getKey().isInstance(ex))
							.map(Map.Entry::getValue)
							.findFirst()
							.orElse(HttpStatus.INTERNAL_SERVER_ERROR);
		HttpHeaders headers = new HttpHeaders();
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			headers.add(HttpHeaders.RETRY_AFTER, "2");
			log.warn("{}: {}", ex.code(), ex.getMessage());
		}
		return ResponseEntity.status(status).headers(headers).body(Problems.of(status, ex.code(), ex.getMessage()));
	}

	@ExceptionHandler(EvidenceException.class)
	ResponseEntity<ProblemDetail> evidence(EvidenceException ex) {
		HttpStatus status = HttpStatus.valueOf(ex.status());
		return ResponseEntity.status(status).body(Problems.of(status, ex.code(), ex.getMessage()));
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> constraint(ConstraintViolationException ex) {
		List<Map<String, String>> errors = ex.getConstraintViolations()
			.stream()
			.map((violation) -> Map.of("field", String.valueOf(violation.getPropertyPath()), "message",
					violation.getMessage()))
			.toList();
		return validation(errors);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map((error) -> Map.of("field", (error instanceof FieldError field) ? field.getField() : error.getObjectName(),
					"message", String.valueOf(error.getDefaultMessage())))
			.toList();
		return ResponseEntity.badRequest().body(validation(errors).getBody());
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> Map.of("field",
						(error instanceof FieldError field) ? field.getField()
								: String.valueOf(result.getMethodParameter().getParameterName()),
						"message", String.valueOf(error.getDefaultMessage()))))
			.toList();
		return ResponseEntity.badRequest().body(validation(errors).getBody());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException tooLarge) {
				return problem(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", tooLarge.getMessage());
			}
			if (cause instanceof UnrecognizedPropertyException unknown) {
				ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "unknown_member",
						"The request body has a member this API does not know: " + path(unknown));
				problem.setProperty("member", path(unknown));
				return ResponseEntity.badRequest().body(problem);
			}
			if (cause instanceof InvalidFormatException wrongType && !wrongType.getPath().isEmpty()) {
				return ResponseEntity.badRequest()
					.body(validation(List.of(Map.of("field", path(wrongType), "message", "has the wrong JSON type")))
						.getBody());
			}
			if (cause instanceof StreamReadException read && read.getMessage() != null
					&& read.getMessage().startsWith("Duplicate Object property")) {
				return problem(HttpStatus.BAD_REQUEST, "malformed_json", "The request body has a member twice");
			}
		}
		return problem(HttpStatus.BAD_REQUEST, "malformed_json",
				"The request body is not valid JSON of the expected shape");
	}

	private static String path(DatabindException ex) {
		return ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: String.valueOf(reference.getIndex()))
			.collect(java.util.stream.Collectors.joining("."));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
				"Send the request body as application/json");
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "This resource is available as application/json");
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
				"Method " + ex.getMethod() + " is not supported here");
	}

	/** Whatever else Spring MVC turns into a problem gets a code derived from its status. */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && (problem.getProperties() == null
				|| !problem.getProperties().containsKey("code"))) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			String code = (status != null) ? status.name().toLowerCase(java.util.Locale.ROOT) : "error";
			problem.setProperty("code", code);
			problem.setType(java.net.URI.create("urn:casecall:problem:" + code));
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.NOT_FOUND, "not_found", "Nothing here");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return validation(List.of(Map.of("field", ex.getName(), "message", "has the wrong type")));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected failure", ex);
		return ResponseEntity.internalServerError()
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side"));
	}

	private static ResponseEntity<ProblemDetail> validation(List<Map<String, String>> errors) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation_failed",
				"The request has invalid values");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String code, String detail) {
		return ResponseEntity.status(status).body(Problems.of(status, code, detail));
	}

}
