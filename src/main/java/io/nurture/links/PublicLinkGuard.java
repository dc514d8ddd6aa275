package io.nurture.links;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.OptionalLong;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nurture.system.SameOrigin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What stands before the public links ({@code /public/**}): a rate limit per client address and per link (429 with
 * Retry-After), an Origin check on the forms' POSTs (a page elsewhere cannot submit them), and the security headers
 * of the pages (a strict Content-Security-Policy, no Referer, so that the token in the address never leaves).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class PublicLinkGuard extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	private final RateLimiter perAddress;
	private final RateLimiter perLink;
	private final String baseUrl;
	private final ObjectMapper json;

	PublicLinkGuard(RateLimitSettings limits, LinkSettings links, Clock clock, ObjectMapper json) {
		this.perAddress = new RateLimiter(limits.perAddress(), limits.period(), limits.trackedKeys(), clock);
		this.perLink = new RateLimiter(limits.perLink(), limits.period(), limits.trackedKeys(), clock);
		this.baseUrl = links.baseUrl();
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !path(request).startsWith("/public/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		// Mail providers' image proxies load every open from a few addresses; an open counts once per email anyway.
		boolean pixel = path(request).equals("/public/open");
		OptionalLong wait = pixel ? OptionalLong.empty() : perAddress.acquire("address:" + request.getRemoteAddr());
		String token = request.getQueryString() != null || "POST".equals(request.getMethod()) ? request.getParameter("token")
				: null;
		if (wait.isEmpty() && token != null) {
			wait = perLink.acquire("link:" + digest(token));
		}
		if (wait.isPresent()) {
			tooManyRequests(request, response, wait.getAsLong());
			return;
		}
		// The signed token authorises the form; this keeps another site from submitting it in the lead's browser.
		if ("POST".equals(request.getMethod()) && !SameOrigin.allowed(request, baseUrl)) {
			refuse(request, response, HttpStatus.FORBIDDEN, "Request refused",
					"This form can only be sent from its own page.", "cross-site-request");
			return;
		}
		chain.doFilter(request, response);
	}

	private void tooManyRequests(HttpServletRequest request, HttpServletResponse response, long seconds)
			throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
				"Too many requests; try again in " + seconds + " seconds.", "too-many-requests");
	}

	/** A person in a browser reads a page; anything else gets an RFC 7807 problem. */
	private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
			String detail, String type) throws IOException {
		response.setStatus(status.value());
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
			response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
			response.getOutputStream().write(PublicPage.message(title, detail).getBytes(StandardCharsets.UTF_8));
			return;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("urn:nurture:problem:" + type));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

	/** Links are counted by a digest: a forged token may be kilobytes long. */
	private static String digest(String token) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}
}
