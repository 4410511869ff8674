package ru.visitflow.company;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import ru.visitflow.identity.Actor;
import ru.visitflow.identity.CurrentActor;
import ru.visitflow.system.InvalidInputException;

/**
 * Puts {@link CompanyEditAccess} in front of every card edit ({@code PUT
 * /api/companies/{id}}, {@code PUT /api/contacts/{id}}), whichever controller serves it,
 * and records each edit that reached Bitrix24 with who made it.
 */
@Configuration(proxyBeanMethods = false)
class CompanyEditGuard implements WebMvcConfigurer {

	private static final String COMPANY = "COMPANY";

	private static final String CONTACT = "CONTACT";

	private static final long MAX_ID = Integer.MAX_VALUE;

	private final CompanyEditAccess access;

	CompanyEditGuard(CompanyEditAccess access) {
		this.access = access;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new Guard()).addPathPatterns("/api/companies/*", "/api/contacts/*");
	}

	private final class Guard implements HandlerInterceptor {

		private static final String CHECKED = CompanyEditGuard.class.getName() + ".checked";

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			if (!HttpMethod.PUT.matches(request.getMethod())) {
				return true;
			}
			String type = request.getRequestURI().contains("/api/contacts/") ? CONTACT : COMPANY;
			long id = idOf(request);
			Actor actor = CurrentActor.get();
			Long companyId = (CONTACT.equals(type)) ? CompanyEditGuard.this.access.checkContact(actor, id) : id;
			if (COMPANY.equals(type)) {
				CompanyEditGuard.this.access.checkCompany(actor, id);
			}
			request.setAttribute(CHECKED, new Edit(type, id, companyId, actor));
			return true;
		}

		@Override
		public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
				Exception ex) {
			if (request.getAttribute(CHECKED) instanceof Edit edit) {
				int status = (ex != null && response.getStatus() < 400) ? 500 : response.getStatus();
				CompanyEditGuard.this.access.record(edit.type(), edit.id(), edit.companyId(), edit.actor(), status);
			}
		}

	}

	private static long idOf(HttpServletRequest request) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String text = (variables instanceof Map<?, ?> map && map.get("id") != null) ? map.get("id").toString()
				: request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
		try {
			long id = Long.parseLong(text);
			if (id > 0 && id <= MAX_ID) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidInputException("id", "invalid",
				"must be a Bitrix24 id (a positive number up to " + MAX_ID + ")");
	}

	private record Edit(String type, long id, Long companyId, Actor actor) {
	}

}
