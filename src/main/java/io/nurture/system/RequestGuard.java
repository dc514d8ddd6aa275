package io.nurture.system;

import java.io.IOException;
import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The first filter of the project API, the engine REST API and the public links, before authentication: refuses a
 * state-changing API request that a page of another site sends (403; Camunda Modeler's deployments name their own
 * origin, {@value #DESKTOP_APP}, and pass), and on the project API and the public links a
 * body larger than
 * {@code nurture.security.max-request-size} (413), before anything reads it: by its Content-Length when it has one,
 * else (chunked) once that many bytes were read, which the problem handling turns into the same 413. Engine REST
 * deployments from Modeler are larger than any request of ours and are left to Tomcat's limits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestGuard extends OncePerRequestFilter {

	/**
	 * The Origin Camunda Modeler sends with its deployments: it deploys from its desktop window, a {@code file://}
	 * page, and Electron names that origin {@code file://}. No web site can send it; a local file opened in a browser
	 * sends {@code null}, refused like a sandboxed frame.
	 */
	static final String DESKTOP_APP = "file://";

	private final long limit;
	private final ObjectMapper json;

	RequestGuard(SecuritySettings settings, ObjectMapper json) {
		this.limit = settings.maxRequestSize().toBytes();
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = path(request);
		return !path.startsWith("/api/") && !path.startsWith("/engine-rest/") && !path.startsWith("/public/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = path(request);
		// HTTP Basic credentials a browser cached would ride along a forged cross-site request; an API client sends
		// no Origin, a page of another site does. The public forms have their own check (PublicLinkGuard).
		if (!path.startsWith("/public/") && !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
				&& !SameOrigin.allowed(request) && !fromModeler(request, path)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
					"A page of another site may not send this request (Origin " + request.getHeader("Origin") + ")");
			problem.setTitle("Cross-site request refused");
			problem.setType(URI.create("urn:nurture:problem:cross-site-request"));
			refuse(response, HttpStatus.FORBIDDEN, problem);
			return;
		}
		if (path.startsWith("/engine-rest/")) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getContentLengthLong() > limit) {
			// Tomcat would otherwise read (swallow) the rest of a large body before it closes the connection.
			response.setHeader("Connection", "close");
			refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, problem(limit));
			return;
		}
		chain.doFilter(new Limited(request, limit), response);
	}

	/** A call of the engine REST API from a desktop app such as Camunda Modeler, by the Origin it sends. */
	private static boolean fromModeler(HttpServletRequest request, String path) {
		return path.startsWith("/engine-rest/") && DESKTOP_APP.equals(request.getHeader(HttpHeaders.ORIGIN));
	}

	private void refuse(HttpServletResponse response, HttpStatus status, ProblemDetail problem) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	static ProblemDetail problem(long limit) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
				"The request body is larger than " + limit + " bytes");
		problem.setTitle("Request too large");
		problem.setType(URI.create("urn:nurture:problem:request-too-large"));
		return problem;
	}

	/** Thrown when a body without Content-Length goes past the limit; answered as 413 (ProblemHandling). */
	static class TooLarge extends IOException {

		final long limit;

		TooLarge(long limit) {
			super("The request body is larger than " + limit + " bytes");
			this.limit = limit;
		}
	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long limit;
		private ServletInputStream stream;

		Limited(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new Counting(super.getInputStream(), limit);
			}
			return stream;
		}
	}

	private static final class Counting extends ServletInputStream {

		private final ServletInputStream in;
		private final long limit;
		private long read;

		Counting(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			read += n;
			if (read > limit) {
				throw new TooLarge(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}
	}
}
