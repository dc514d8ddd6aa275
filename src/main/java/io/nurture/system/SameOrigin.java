package io.nurture.system;

import java.net.URI;

import org.springframework.http.HttpHeaders;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a request comes from a page of this server, as far as a browser says: browsers name the page's origin on
 * every cross-site POST (and on same-site ones), other clients (curl, a mail client's one-click unsubscribe, a CRM)
 * name none. A request without Origin passes; a foreign or opaque ({@code null}) one does not. Camunda Modeler, an
 * Electron app, names {@code file://}; RequestGuard lets that through to the engine REST API only.
 */
public final class SameOrigin {

	private SameOrigin() {
	}

	/** True unless the request names an origin other than its own address or one of {@code alsoOwn} (base URLs). */
	public static boolean allowed(HttpServletRequest request, String... alsoOwn) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null) {
			return true;
		}
		if (origin.equalsIgnoreCase(origin(request.getScheme(), request.getServerName(), request.getServerPort()))) {
			return true;
		}
		for (String url : alsoOwn) {
			URI uri = URI.create(url);
			if (uri.getScheme() != null && uri.getHost() != null
					&& origin.equalsIgnoreCase(origin(uri.getScheme(), uri.getHost(), uri.getPort()))) {
				return true;
			}
		}
		return false;
	}

	private static String origin(String scheme, String host, int port) {
		boolean defaultPort = port < 0 || ("http".equalsIgnoreCase(scheme) && port == 80)
				|| ("https".equalsIgnoreCase(scheme) && port == 443);
		return scheme.toLowerCase() + "://" + host + (defaultPort ? "" : ":" + port);
	}
}
