package io.casecall.signaling.system;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report, answered as problem+json instead of an HTML page: it writes what the
 * container itself refuses before the application sees a request ({@code %2F} or {@code %00} in
 * a path, a header over the limit). Errors that reach the application's error page are left to
 * {@link ProblemErrorController}; no stack trace or server version is ever shown.
 */
public class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String code = ContainerErrors.code(status);
		String body = "{\"type\":\"urn:casecall:problem:" + code + "\",\"title\":\"" + ContainerErrors.title(status)
				+ "\",\"status\":" + status + ",\"detail\":\"" + ContainerErrors.detail(status) + "\",\"code\":\""
				+ code + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			response.setContentLength(bytes.length);
			OutputStream out = response.getOutputStream();
			out.write(bytes);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response already committed: nothing more to say
		}
	}

}
