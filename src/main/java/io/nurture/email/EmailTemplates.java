package io.nurture.email;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import org.springframework.stereotype.Component;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;

/**
 * Renders the emails in {@code templates/}: each email is a folder with {@code subject.ftl}, {@code html.ftlh}
 * (auto-escaped) and {@code text.ftl}. The configuration is locked down: templates see plain values only and
 * cannot create objects or reach into Java.
 */
@Component
public class EmailTemplates {

	/** An email's name is a folder in templates/: lower-case letters, digits and dashes, nothing that climbs out. */
	public static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,100}");

	private final Configuration freemarker;
	private final String folder;

	EmailTemplates() {
		this("templates");
	}

	/** Templates from another classpath folder, for tests of broken templates. */
	EmailTemplates(String folder) {
		this.folder = folder;
		freemarker = new Configuration(Configuration.VERSION_2_3_34);
		freemarker.setTemplateLoader(new ClassTemplateLoader(EmailTemplates.class.getClassLoader(), folder));
		freemarker.setDefaultEncoding("UTF-8");
		// The version without a language suffix (html.ftlh) is the English default; html_de.ftlh is German.
		freemarker.setLocale(Locale.ENGLISH);
		freemarker.setRecognizeStandardFileExtensions(true);
		freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
		freemarker.setAPIBuiltinEnabled(false);
		freemarker.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
		freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
		freemarker.setLogTemplateExceptions(false);
		freemarker.setWrapUncheckedExceptions(true);
		freemarker.setFallbackOnNullLoopVariable(false);
	}

	/** Renders one email; German or English versions are found by the lead's language, falling back to the default. */
	public RenderedEmail render(String name, Map<String, Object> model, Locale locale) {
		return render(name, null, model, locale);
	}

	/**
	 * Renders one email with the subject line given by the journey step instead of the template's, when not null;
	 * that subject may use FreeMarker too, such as {@code ${lead.firstName}}, or {@code [=lead.firstName]} where the
	 * dollar form would be taken by Camunda (a BPMN input parameter).
	 */
	public RenderedEmail render(String name, String subject, Map<String, Object> model, Locale locale) {
		requireName(name);
		String subjectLine = subject == null || subject.isBlank() ? process(name + "/subject.ftl", model, locale)
				: processInline(name, subject, model, locale);
		return new RenderedEmail(subjectLine.strip().replaceAll("\\s+", " "), process(name + "/html.ftlh", model, locale),
				process(name + "/text.ftl", model, locale));
	}

	public boolean exists(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			return false;
		}
		try {
			freemarker.getTemplate(name + "/subject.ftl");
			freemarker.getTemplate(name + "/html.ftlh");
			freemarker.getTemplate(name + "/text.ftl");
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	/** The emails in templates/: every folder with a subject line (layout/ has none). */
	public SortedSet<String> names() {
		SortedSet<String> names = new TreeSet<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver(EmailTemplates.class.getClassLoader())
					.getResources("classpath*:" + folder + "/*/subject.ftl")) {
				String url = resource.getURL().toString();
				String directory = url.substring(0, url.lastIndexOf('/'));
				names.add(directory.substring(directory.lastIndexOf('/') + 1));
			}
		}
		catch (IOException e) {
			throw new EmailTemplateException("The folder " + folder + "/ cannot be read: " + e.getMessage(), e);
		}
		return names;
	}

	private static void requireName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new EmailTemplateException("'" + name + "' is no email template name (lower-case letters, digits, dashes)", null);
		}
	}

	private String processInline(String name, String source, Map<String, Object> model, Locale locale) {
		try {
			StringWriter out = new StringWriter();
			// In a BPMN input Camunda evaluates ${...} itself, so a journey step writes [=lead.firstName] instead.
			TemplateConfiguration syntax = new TemplateConfiguration();
			syntax.setParentConfiguration(freemarker);
			syntax.setInterpolationSyntax(source.contains("[=") ? Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX
					: Configuration.DOLLAR_INTERPOLATION_SYNTAX);
			Template template = new Template(name + "/subject (from the journey step)", null, new StringReader(source),
					freemarker, syntax, null);
			template.setLocale(locale);
			template.process(model, out);
			return out.toString();
		}
		catch (IOException | TemplateException e) {
			throw new EmailTemplateException("The subject line of " + name + " given by the journey step failed to render: "
					+ describe(e), e);
		}
	}

	private String process(String path, Map<String, Object> model, Locale locale) {
		try {
			StringWriter out = new StringWriter();
			freemarker.getTemplate(path, locale).process(model, out);
			return out.toString();
		}
		catch (TemplateNotFoundException e) {
			throw new EmailTemplateException("Email template " + path + " does not exist in templates/", e);
		}
		catch (IOException | TemplateException e) {
			throw new EmailTemplateException("Email template " + path + " failed to render: " + describe(e), e);
		}
	}

	/**
	 * FreeMarker's message without its tips and template stack, on one line: what an operator reads in Cockpit's
	 * incident, such as "The following has evaluated to null or missing: ==> lead.nickname [in template ...]".
	 */
	private static String describe(Exception e) {
		String message = e instanceof TemplateException template ? template.getMessageWithoutStackTop() : e.getMessage();
		message = String.valueOf(message);
		int tips = message.indexOf("\n----");
		return (tips >= 0 ? message.substring(0, tips) : message).replaceAll("\\s+", " ").strip();
	}
}
