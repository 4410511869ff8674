package ru.visitflow.identity;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Every endpoint but health needs a login. The app and {@code /api} use Spring Security (form login or HTTP
 * Basic) against Camunda's identity service; the Camunda webapps keep their own login on the same accounts;
 * {@code /engine-rest} (open in the starter by default) is guarded by Camunda's own Basic-auth filter, which
 * also sets the engine's authentication so authorization checks apply there.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
		basic.setRealmName("Visitflow");
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**")
			.permitAll()
			// Prometheus scrapes with HTTP Basic as an administrator or a user of the group "metrics"
			.requestMatchers("/actuator/prometheus")
			.hasAnyRole(Role.ADMIN.name(), Role.METRICS.name())
			// the webapps authenticate on their own; engine-rest is guarded by engineRestAuthentication below
			.requestMatchers("/camunda/**", "/engine-rest/**")
			.permitAll()
			.requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico", "/error")
			.permitAll()
			// Bitrix24 calls these without a login; they check the application token or the URL secret
			.requestMatchers("/bitrix24/events", "/bitrix24/bp/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.httpBasic((httpBasic) -> httpBasic.authenticationEntryPoint(basic))
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/", false))
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout"))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(basic,
					PathPatternRequestMatcher.withDefaults().matcher("/api/**")))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(basic,
					PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**")))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(basic,
					PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")))
			// the API is for apps with HTTP Basic; the webapps and engine-rest bring their own CSRF handling
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/api/**", "/camunda/**", "/engine-rest/**", "/bitrix24/events",
					"/bitrix24/bp/**"))
			.headers((headers) -> headers.frameOptions((frame) -> frame.sameOrigin()));
		return http.build();
	}

	@Bean
	FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
		FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new ProcessEngineAuthenticationFilter());
		registration.setName("engine-rest-authentication");
		registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
		registration.addUrlPatterns("/engine-rest/*");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
		return registration;
	}

}
