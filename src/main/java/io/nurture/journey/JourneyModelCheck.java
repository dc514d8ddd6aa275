package io.nurture.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.stereotype.Component;

import io.nurture.email.EmailTemplates;

/**
 * Refuses a journey model that names a bean or an email template that does not exist, when it is deployed: at
 * start for processes/, and for a deployment from Modeler or the REST API alike. So a typo in Modeler fails the
 * deployment with a message naming the step, instead of failing for the first lead that reaches the step.
 */
@Component
class JourneyModelCheck extends AbstractProcessEnginePlugin {

	private static final Pattern BEAN = Pattern.compile("^\\s*[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}\\s*$");

	private final BeanFactory beans;
	private final EmailTemplates templates;

	JourneyModelCheck(BeanFactory beans, EmailTemplates templates) {
		this.beans = beans;
		this.templates = templates;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.getCustomPreBPMNParseListeners() == null) {
			configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
		}
		configuration.getCustomPreBPMNParseListeners().add(listener());
	}

	BpmnParseListener listener() {
		return new AbstractBpmnParseListener() {
			@Override
			public void parseRootElement(Element root, List<ProcessDefinitionEntity> processes) {
				List<String> problems = new ArrayList<>();
				List<Element> where = new ArrayList<>();
				for (Element process : root.elements("process")) {
					check(process, process.attribute("id"), process, problems, where);
				}
				if (!problems.isEmpty()) {
					// A parse error: the deployment fails as a whole, and the REST API answers 400 with the
					// resource, the line and this message, which Modeler shows on "Deploy".
					throw new BpmnParseException("The journey model refers to what does not exist: "
							+ String.join("; ", problems), where.get(0));
				}
			}
		};
	}

	/** Walks the model; {@code step} is the nearest element with an id, the one a marketer sees in Modeler. */
	private void check(Element element, String processKey, Element step, List<String> problems,
			List<Element> where) {
		Element owner = element.attribute("id") != null ? element : step;
		String delegate = element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression");
		if (delegate == null && isCamunda(element)) {
			// camunda:taskListener and camunda:executionListener carry the attribute without a prefix.
			delegate = element.attribute("delegateExpression");
		}
		if (delegate != null) {
			Matcher bean = BEAN.matcher(delegate);
			if (bean.matches() && !beans.containsBean(bean.group(1))) {
				problems.add(describe(processKey, owner) + " calls the bean '" + bean.group(1)
						+ "', which does not exist");
				where.add(owner);
			}
		}
		if (isCamunda(element) && "inputParameter".equals(element.getTagName())
				&& "template".equals(element.attribute("name"))) {
			String template = element.getText() == null ? "" : element.getText().trim();
			if (!template.contains("{") && !templates.exists(template)) {
				problems.add(describe(processKey, owner) + " sends the email template '" + template
						+ "', which does not exist in templates/");
				where.add(owner);
			}
		}
		for (Element child : element.elements()) {
			check(child, processKey, owner, problems, where);
		}
	}

	private static boolean isCamunda(Element element) {
		return BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS.getNamespaceUri().equals(element.getUri());
	}

	private static String describe(String processKey, Element step) {
		String name = step.attribute("name");
		return "process '" + processKey + "', element '" + (name != null ? name : step.attribute("id")) + "' ("
				+ step.attribute("id") + ")";
	}
}
