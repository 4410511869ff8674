package ru.visitflow.webapps;

import jakarta.servlet.DispatcherType;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * One login for the app and Camunda's webapps: after Spring Security has authenticated a
 * request to the webapps, Camunda's container-based filter stores that user as the
 * webapps' login (no second login form).
 */
@Configuration(proxyBeanMethods = false)
class WebappsConfiguration {

	@Bean
	FilterRegistrationBean<ContainerBasedAuthenticationFilter> webappSingleSignOn(CamundaBpmProperties camunda) {
		FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new ContainerBasedAuthenticationFilter());
		registration.setName("webapp-single-sign-on");
		registration.addInitParameter("authentication-provider", SpringSecurityAuthenticationProvider.class.getName());
		String applicationPath = camunda.getWebapp().getApplicationPath();
		registration.addUrlPatterns(applicationPath + "/app/*", applicationPath + "/api/*");
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		// after the Spring Security filter chain, so that its security context is set
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<EngineRestIndexFilter> engineRestIndex() {
		FilterRegistrationBean<EngineRestIndexFilter> registration = new FilterRegistrationBean<>(
				new EngineRestIndexFilter());
		registration.setName("engine-rest-index");
		registration.addUrlPatterns("/engine-rest", "/engine-rest/");
		// before the engine's Basic-auth filter: the index holds links only
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 20);
		return registration;
	}

}
