package io.casecall.signaling.system;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel/JSON {@code /error}: what the servlet container sends to the
 * error page (a {@code sendError} from a filter or Tomcat itself, such as TRACE refused with
 * 405) becomes problem+json with a stable {@code code}. Asked for directly, {@code /error} is
 * just a path that does not exist.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "/error", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object statusCode = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (statusCode instanceof Integer code) ? HttpStatus.resolve(code) : null;
		if (status == null || !status.isError()) {
			return respond(HttpStatus.NOT_FOUND, "Nothing here", request.getRequestURI());
		}
		return respond(status, ContainerErrors.detail(status.value()),
				String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
	}

	private static ResponseEntity<ProblemDetail> respond(HttpStatus status, String detail, String path) {
		ProblemDetail problem = Problems.of(status, ContainerErrors.code(status.value()), detail);
		try {
			// the request that failed, not /error
			problem.setInstance(URI.create(path));
		}
		catch (IllegalArgumentException ex) {
			// a path that is not a valid URI reference: leave instance out
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
