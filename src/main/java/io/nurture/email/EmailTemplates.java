package io.nurture.email;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
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

	private final Configuration freemarker;

	EmailTemplates() {
		freemarker = new Configuration(Configuration.VERSION_2_3_34);
		freemarker.setTemplateLoader(new ClassTemplateLoader(EmailTemplates.class.getClassLoader(), "templates"));
		freemarker.setDefaultEncoding("UTF-8");
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
		return new RenderedEmail(process(name + "/subject.ftl", model, locale).strip(),
				process(name + "/html.ftlh", model, locale), process(name + "/text.ftl", model, locale));
	}

	public boolean exists(String name) {
		try {
			freemarker.getTemplate(name + "/html.ftlh");
			return true;
		}
		catch (IOException e) {
			return false;
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
			throw new EmailTemplateException("Email template " + path + " failed to render: " + e.getMessage(), e);
		}
	}
}
