package io.nurture.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.camunda.bpm.dmn.engine.delegate.DmnEvaluatedOutput;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The scoring models that marketing and sales keep as DMN decision tables in {@code processes/scoring-*.dmn}.
 * A model named {@code m} is five decisions: {@code m-fit}, {@code m-engagement}, {@code m-fit-grade},
 * {@code m-engagement-grade} and {@code m-mql}. They are evaluated here, outside process instances, rule by rule, so
 * every point can be traced to the rule that gave it, and without writing decision history for every interaction.
 */
@Component
class ScoringRules {

	static final List<String> DECISIONS = List.of("fit", "engagement", "fit-grade", "engagement-grade", "mql");

	/** How long a node keeps a parsed decision before it looks for a newer deployed version. */
	private static final Duration FRESHNESS = Duration.ofSeconds(30);

	/** How many decision answers a node keeps; each is a few hundred bytes. */
	private static final int ANSWERS_KEPT = 50_000;

	/** The rules that matched while one evaluation ran on this thread; the DMN engine reports them to a listener. */
	private static final ThreadLocal<List<MatchedRule>> MATCHED = new ThreadLocal<>();

	private final RepositoryService repository;
	private final Clock clock;
	private final DmnEngine dmn;
	private final Map<String, Parsed> decisions = new ConcurrentHashMap<>();
	private final Cache<Question, List<MatchedRule>> answers = Caffeine.newBuilder().maximumSize(ANSWERS_KEPT).build();

	ScoringRules(RepositoryService repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
		DefaultDmnEngineConfiguration configuration = (DefaultDmnEngineConfiguration) DmnEngineConfiguration
				.createDefaultDmnEngineConfiguration();
		configuration.customPostDecisionTableEvaluationListeners(List.of(ScoringRules::collect));
		this.dmn = configuration.buildEngine();
	}

	/** A rule that matched: which decision and rule, its points (where it gives points) and its reason. */
	record MatchedRule(String decision, String ruleId, int points, String reason, Map<String, Object> outputs) {
	}

	/** The grade and the MQL rule's verdict for a fit and an engagement score. */
	record Qualification(String fitGrade, int engagementGrade, boolean mql, String reason) {

		String grade() {
			return fitGrade + engagementGrade;
		}
	}

	/** Every fit rule that matches the profile. */
	List<MatchedRule> fit(String model, ScoringProfile profile) {
		VariableMap inputs = Variables.createVariables().putValue("jobTitle", lower(profile.jobTitle()))
				.putValue("industry", lower(profile.industry())).putValue("companySize", profile.companySize())
				.putValue("country", profile.country()).putValue("emailDomain", lower(profile.emailDomain()))
				.putValue("reachable", profile.reachable());
		return evaluate(model, "fit", inputs);
	}

	/** The deployed version of a model's fit table (its decision definition id); a new one re-assesses fit. */
	String fitTable(String model) {
		return decision(model + "-fit").definitionId();
	}

	/** The engagement rule for one interaction; the model's last rule catches whatever no other rule names. */
	MatchedRule engagement(String model, InteractionType type, String url) {
		return engagement(model, type.name(), url);
	}

	/** Also asked about events that are no interaction, such as a long silence. */
	MatchedRule engagement(String model, String type, String url) {
		List<MatchedRule> matched = evaluate(model, "engagement",
				Variables.createVariables().putValue("type", type).putValue("url", lower(url)));
		return matched.isEmpty() ? new MatchedRule(model + "-engagement", null, 0, "No rule for " + type, Map.of())
				: matched.get(0);
	}

	Qualification qualify(String model, int fitScore, int engagementScore, boolean reachable) {
		String fitGrade = (String) only(model, "fit-grade", Variables.createVariables().putValue("fitScore", fitScore))
				.get("fitGrade");
		Number engagementGrade = (Number) only(model, "engagement-grade",
				Variables.createVariables().putValue("engagementScore", engagementScore)).get("engagementGrade");
		Map<String, Object> verdict = only(model, "mql", Variables.createVariables().putValue("reachable", reachable)
				.putValue("fitGrade", fitGrade).putValue("engagementScore", engagementScore));
		return new Qualification(fitGrade, engagementGrade.intValue(), Boolean.TRUE.equals(verdict.get("mql")),
				(String) verdict.get("reason"));
	}

	/** The models deployed: every prefix of a decision named {@code *-fit}. */
	Set<String> models() {
		Set<String> models = new TreeSet<>();
		for (DecisionDefinition definition : repository.createDecisionDefinitionQuery().latestVersion().list()) {
			if (definition.getKey().endsWith("-fit")) {
				models.add(definition.getKey().substring(0, definition.getKey().length() - "-fit".length()));
			}
		}
		return models;
	}

	/**
	 * Checks that a model is complete and evaluates: all five decisions deployed, each answering for a sample lead.
	 * Throws {@link ScoringModelException} naming the model and what is wrong.
	 */
	void verify(String model) {
		try {
			ScoringProfile sample = new ScoringProfile("example.com", "Head of Marketing", "Software", 200, "DE", true);
			fit(model, sample);
			for (InteractionType type : InteractionType.values()) {
				engagement(model, type, "https://example.com/products/one");
			}
			qualify(model, 0, 0, false);
			qualify(model, 100, 100, true);
		}
		catch (ScoringModelException e) {
			throw e;
		}
		catch (RuntimeException e) {
			throw new ScoringModelException("Scoring model '" + model + "' cannot score a sample lead: " + e.getMessage(),
					e);
		}
	}

	private Map<String, Object> only(String model, String decision, VariableMap inputs) {
		List<MatchedRule> matched = evaluate(model, decision, inputs);
		if (matched.size() != 1) {
			throw new ScoringModelException("Decision '" + model + "-" + decision + "' must match exactly one rule for "
					+ inputs + ", but matched " + matched.size());
		}
		return matched.get(0).outputs();
	}

	/**
	 * The rules of one deployed decision that match the inputs. A decision table is a pure function of its inputs,
	 * so the answer is kept per deployed version and inputs: most leads ask the same questions (the same interaction
	 * types, the same scores), and evaluating FEEL anew each time was most of the cost of scoring an interaction.
	 */
	private List<MatchedRule> evaluate(String model, String decision, VariableMap inputs) {
		Parsed table = decision(model + "-" + decision);
		return answers.get(new Question(table.definitionId(), new HashMap<>(inputs)),
				question -> evaluate(table.decision(), inputs));
	}

	private List<MatchedRule> evaluate(DmnDecision table, VariableMap inputs) {
		List<MatchedRule> matched = new ArrayList<>();
		MATCHED.set(matched);
		try {
			dmn.evaluateDecision(table, inputs);
		}
		catch (RuntimeException e) {
			throw new ScoringModelException("Decision '" + table.getKey() + "' failed for " + inputs + ": "
					+ e.getMessage(), e);
		}
		finally {
			MATCHED.remove();
		}
		return List.copyOf(matched);
	}

	private static void collect(DmnDecisionTableEvaluationEvent event) {
		List<MatchedRule> matched = MATCHED.get();
		if (matched == null) {
			return;
		}
		for (DmnEvaluatedDecisionRule rule : event.getMatchingRules()) {
			Map<String, Object> outputs = new HashMap<>();
			for (DmnEvaluatedOutput output : rule.getOutputEntries().values()) {
				outputs.put(output.getOutputName(), output.getValue() == null ? null : output.getValue().getValue());
			}
			Object points = outputs.get("points");
			matched.add(new MatchedRule(event.getDecision().getKey(), rule.getId(),
					points instanceof Number number ? number.intValue() : 0, (String) outputs.get("reason"),
					Collections.unmodifiableMap(outputs)));
		}
	}

	private Parsed decision(String key) {
		Instant now = clock.instant();
		Parsed cached = decisions.get(key);
		if (cached != null && cached.checkedAt().plus(FRESHNESS).isAfter(now)) {
			return cached;
		}
		DecisionDefinition latest = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key)
				.latestVersion().singleResult();
		if (latest == null) {
			throw new ScoringModelException("No decision '" + key + "' is deployed; a scoring model needs "
					+ DECISIONS.stream().map(name -> "'<model>-" + name + "'").toList());
		}
		Parsed parsed = cached != null && cached.definitionId().equals(latest.getId())
				? new Parsed(latest.getId(), cached.decision(), now)
				: new Parsed(latest.getId(), parse(latest), now);
		decisions.put(key, parsed);
		return parsed;
	}

	private DmnDecision parse(DecisionDefinition definition) {
		try (InputStream model = repository.getDecisionModel(definition.getId())) {
			return dmn.parseDecision(definition.getKey(), model);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String lower(String value) {
		return value == null ? null : value.toLowerCase(Locale.ROOT);
	}

	private record Parsed(String definitionId, DmnDecision decision, Instant checkedAt) {
	}

	/** One deployed decision asked about one set of inputs (which may hold nulls, hence a HashMap). */
	private record Question(String definitionId, HashMap<String, Object> inputs) {
	}
}
