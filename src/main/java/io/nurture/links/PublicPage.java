package io.nurture.links;

import org.springframework.web.util.HtmlUtils;

/** The small pages a lead sees after clicking a link in an email. They name no lead and reveal nothing. */
public final class PublicPage {

	private PublicPage() {
	}

	public static String message(String title, String text) {
		return page(title, "<p>" + HtmlUtils.htmlEscape(text) + "</p>");
	}

	/** A page with one button, so that link scanners fetching the link do not act for the lead. */
	public static String action(String title, String text, String action, String token, String button) {
		return page(title, """
				<p>%s</p>
				<form method="post" action="%s">
				  <input type="hidden" name="token" value="%s">
				  <button type="submit">%s</button>
				</form>""".formatted(HtmlUtils.htmlEscape(text), HtmlUtils.htmlEscape(action),
				HtmlUtils.htmlEscape(token), HtmlUtils.htmlEscape(button)));
	}

	private static String page(String title, String body) {
		return """
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%1$s</title>
				<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
				button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#1f5f99;color:#fff;cursor:pointer}</style>
				</head><body><h1>%1$s</h1>
				%2$s
				</body></html>""".formatted(HtmlUtils.htmlEscape(title), body);
	}
}
