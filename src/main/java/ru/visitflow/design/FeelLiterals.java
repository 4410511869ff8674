package ru.visitflow.design;

import java.util.Set;
import java.util.regex.Pattern;

import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;

import org.springframework.stereotype.Component;

/**
 * Answers the FEEL a decision table mostly holds without the FEEL engine: a string
 * literal as an input entry ({@code "training"}: is the input that string?) and the entry
 * {@code -} (any value), a string literal as an output entry, and a variable name as an
 * input expression ({@code visitType}) whose value is a string or null. The answers are
 * the FEEL engine's; every other expression (and a non-string value) goes to it
 * unchanged. Why: the FEEL engine builds its built-in functions anew for every expression
 * it evaluates, which made the lead-time decision a third of a visit start's CPU.
 */
@Component
class FeelLiterals extends AbstractProcessEnginePlugin {

	/** A FEEL string literal without escapes. */
	private static final Pattern STRING_LITERAL = Pattern.compile("\"[^\"\\\\]*\"");

	/** A plain variable name. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "not", "and", "or", "between", "in",
			"instance", "of", "function", "for", "if", "then", "else", "some", "every", "satisfies", "return");

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.isDmnFeelEnableLegacyBehavior()) {
			return;
		}
		DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();
		if (dmn == null) {
			dmn = (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
			configuration.setDmnEngineConfiguration(dmn);
		}
		if (dmn.getFeelEngineFactory() == null) {
			DefaultDmnEngineConfiguration built = dmn;
			// created when the DMN engine is built, with the custom functions the
			// engine configuration gave it by then
			dmn.setFeelEngineFactory(() -> new Shortcuts(
					new ScalaFeelEngineFactory(built.getFeelCustomFunctionProviders()).createInstance()));
		}
	}

	/** The shortcuts in front of the FEEL engine. */
	static final class Shortcuts implements FeelEngine {

		private final FeelEngine feel;

		Shortcuts(FeelEngine feel) {
			this.feel = feel;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T evaluateSimpleExpression(String expression, VariableContext variableContext) {
			String text = expression.strip();
			if (STRING_LITERAL.matcher(text).matches()) {
				return (T) text.substring(1, text.length() - 1);
			}
			if (NAME.matcher(text).matches() && !KEYWORDS.contains(text) && variableContext.containsVariable(text)) {
				TypedValue value = variableContext.resolve(text);
				if (value == null || value.getValue() == null) {
					return null;
				}
				if (value.getValue() instanceof String string) {
					return (T) string;
				}
			}
			return this.feel.evaluateSimpleExpression(expression, variableContext);
		}

		@Override
		public boolean evaluateSimpleUnaryTests(String simpleUnaryTests, String inputVariable,
				VariableContext variableContext) {
			String text = simpleUnaryTests.strip();
			if (text.equals("-")) {
				// any value, as an empty cell
				return true;
			}
			if (STRING_LITERAL.matcher(text).matches()) {
				TypedValue input = variableContext.resolve(inputVariable);
				Object value = (input != null) ? input.getValue() : null;
				if (value == null || value instanceof String) {
					return text.substring(1, text.length() - 1).equals(value);
				}
			}
			return this.feel.evaluateSimpleUnaryTests(simpleUnaryTests, inputVariable, variableContext);
		}

	}

	/** For tests: the shortcuts in front of the given factory's engine. */
	static FeelEngineFactory around(FeelEngineFactory factory) {
		return () -> new Shortcuts(factory.createInstance());
	}

}
