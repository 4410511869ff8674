package ru.visitflow.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

/** The shortcuts answer as the FEEL engine does, and leave everything else to it. */
class FeelLiteralsTests {

	private final FeelEngine feel = new ScalaFeelEngineFactory().createInstance();

	private final FeelEngine shortcuts = FeelLiterals.around(new ScalaFeelEngineFactory()).createInstance();

	@Test
	void unaryTestsAnswerAsFeel() {
		List<Object> inputs = Arrays.asList("training", "meeting", "", null, "Владивосток", 7L);
		List<String> tests = List.of("\"training\"", " \"meeting\" ", "\"\"", "\"Владивосток\"",
				"\"training\",\"meeting\"", "not(\"training\")", "-", " - ", "\"a\\\"b\"", "7", "> 3");
		for (Object input : inputs) {
			VariableContext context = Variables.createVariables()
				.putValue("cellInput", input)
				.putValue("visitType", input)
				.asVariableContext();
			for (String test : tests) {
				assertThat(this.shortcuts.evaluateSimpleUnaryTests(test, "cellInput", context))
					.as("%s against %s", test, input)
					.isEqualTo(this.feel.evaluateSimpleUnaryTests(test, "cellInput", context));
			}
		}
	}

	@Test
	void expressionsAnswerAsFeel() {
		VariableContext context = Variables.createVariables()
			.putValue("visitType", "meeting")
			.putValue("region", "Москва")
			.putValue("count", 3L)
			.putValue("nothing", null)
			.asVariableContext();
		for (String expression : List.of("visitType", "nothing", " region ", "\"P10D\"", "\"\"", "count", "count + 1",
				"\"a\" + \"b\"", "true")) {
			Object expected = this.feel.evaluateSimpleExpression(expression, context);
			Object actual = this.shortcuts.evaluateSimpleExpression(expression, context);
			assertThat(actual).as(expression).isEqualTo(expected);
		}
	}

}
