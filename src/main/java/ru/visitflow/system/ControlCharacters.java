package ru.visitflow.system;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * No control characters (NUL and the like; tab and line breaks are fine) in any text of
 * an API request body: PostgreSQL refuses NUL later with a 500, logs and Bitrix24 would
 * carry the rest. Answers 400 naming the field. (Query parameters and headers with
 * control characters are refused by Spring Security's firewall.)
 */
@RestControllerAdvice
class ControlCharacters extends RequestBodyAdviceAdapter {

	private static final Pattern FORBIDDEN = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		// the Bitrix24 sandbox takes what Bitrix24 takes
		return !parameter.getContainingClass().getPackageName().contains("sandbox");
	}

	@Override
	public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		List<FieldProblem> problems = new ArrayList<>();
		check(body, "", problems, 0);
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return body;
	}

	private static void check(Object value, String path, List<FieldProblem> problems, int depth) {
		if (value == null || depth > 10) {
			return;
		}
		if (value instanceof CharSequence text) {
			if (FORBIDDEN.matcher(text).find()) {
				problems.add(new FieldProblem(path.isEmpty() ? "body" : path, "invalid",
						"must not contain control characters such as NUL"));
			}
		}
		else if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				check(item, path + "[" + index++ + "]", problems, depth + 1);
			}
		}
		else if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String name = path.isEmpty() ? String.valueOf(entry.getKey()) : path + "." + entry.getKey();
				check(entry.getKey(), name, problems, depth + 1);
				check(entry.getValue(), name, problems, depth + 1);
			}
		}
		else if (value.getClass().isRecord()) {
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				try {
					component.getAccessor().setAccessible(true);
					String name = path.isEmpty() ? component.getName() : path + "." + component.getName();
					check(component.getAccessor().invoke(value), name, problems, depth + 1);
				}
				catch (ReflectiveOperationException | RuntimeException ex) {
					// a component that cannot be read holds nothing to check
				}
			}
		}
	}

}
