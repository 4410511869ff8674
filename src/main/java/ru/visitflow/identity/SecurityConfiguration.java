package ru.visitflow.identity;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.RememberMeServices;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every endpoint but health needs a login, and every password check goes through
 * {@link CamundaIdentityAuthenticationProvider} and its {@link LoginThrottle}: the app
 * and {@code /api} use Spring Security (form login or HTTP Basic); {@code /engine-rest}
 * is HTTP Basic only (stateless, no session cookie accepted), checked here and handed to
 * Camunda's filter as the container's user, so engine authorizations apply; the Camunda
 * webapps take the app's login (one login, see {@code ru.visitflow.webapps}).
 * {@code /api} calls authenticated by a session cookie need a CSRF token; Basic-auth
 * clients do not.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Fetch metadata of a browser request that may come from another site. */
	private static final Set<String> SAME_SITE_FETCH = Set.of("same-origin", "none");

	/**
	 * Bitrix24's calls check their own secret (the application token or the URL secret):
	 * no login, no session read or written, no CSRF token, no saved request, so accepting
	 * an event costs one insert and nothing else.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain bitrix24CallsSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/bitrix24/events", "/bitrix24/bp/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.requestCache((cache) -> cache.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain engineRestSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/engine-rest/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.httpBasic((httpBasic) -> httpBasic.authenticationEntryPoint(basicEntryPoint()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(basicEntryPoint()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			// Basic only, never a cookie: nothing a browser sends on its own
			// authenticates here
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, RememberMeServices rememberMe) throws Exception {
		AuthenticationEntryPoint basic = basicEntryPoint();
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
			.permitAll()
			// Prometheus scrapes with HTTP Basic as an administrator or a user of the
			// group "metrics"
			.requestMatchers("/actuator/prometheus")
			.hasAnyRole(Role.ADMIN.name(), Role.METRICS.name())
			// one login: the webapps take the app's login (ru.visitflow.webapps), so
			// their own login form is closed
			.requestMatchers(HttpMethod.POST, "/camunda/api/admin/auth/user/*/login/**")
			.denyAll()
			.requestMatchers("/camunda/**")
			.authenticated()
			.requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico", "/error")
			.permitAll()
			// the field app's shell: the manifest is fetched without cookies, the service
			// worker caches these
			.requestMatchers("/field/*.js", "/field/*.css", "/field/manifest.webmanifest", "/field/icons/**")
			.permitAll()
			// Bitrix24 calls these without a login; they check the application token or
			// the URL secret
			.requestMatchers("/bitrix24/events", "/bitrix24/bp/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.httpBasic((httpBasic) -> httpBasic.authenticationEntryPoint(basic))
			.formLogin((form) -> form.loginPage("/login")
				.defaultSuccessUrl("/", false)
				.failureHandler((request, response, exception) -> response.sendRedirect(request.getContextPath()
						+ ((exception instanceof LoginThrottledException) ? "/login?throttled" : "/login?error"))))
			.rememberMe((remember) -> remember.rememberMeServices(rememberMe))
			// signing out of a webapp signs out of Visitflow too (else the shared login
			// would sign it in again)
			.logout((logout) -> logout
				.logoutRequestMatcher(new OrRequestMatcher(
						PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/logout"),
						PathPatternRequestMatcher.withDefaults()
							.matcher(HttpMethod.POST, "/camunda/api/admin/auth/user/*/logout")))
				.logoutSuccessUrl("/login?logout"))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(basic,
					PathPatternRequestMatcher.withDefaults().matcher("/api/**")))
			// the webapps' own calls: a plain 401 (no login page, no Basic prompt); their
			// pages go to the login page
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
					PathPatternRequestMatcher.withDefaults().matcher("/camunda/api/**")))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(basic,
					PathPatternRequestMatcher.withDefaults().matcher("/v3/api-docs/**")))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(basic,
					PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")))
			// a session cookie is sent by the browser on its own: /api needs the CSRF
			// token with it; an API client
			// sending HTTP Basic (not from another site) needs none; the webapps bring
			// their own CSRF handling
			.csrf((csrf) -> csrf.ignoringRequestMatchers(basicFromSameSite())
				.ignoringRequestMatchers("/camunda/**", "/bitrix24/events", "/bitrix24/bp/**"))
			.headers((headers) -> headers.frameOptions((frame) -> frame.sameOrigin()));
		return http.build();
	}

	/**
	 * Camunda's filter takes the user Spring Security authenticated on
	 * {@code /engine-rest}, with their groups.
	 */
	@Bean
	FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
		FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(
				new ProcessEngineAuthenticationFilter());
		registration.setName("engine-rest-authentication");
		registration.addInitParameter("authentication-provider", ContainerBasedAuthenticationProvider.class.getName());
		registration.addUrlPatterns("/engine-rest/*");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
		return registration;
	}

	private static RequestMatcher basicFromSameSite() {
		return (request) -> {
			String authorization = request.getHeader("Authorization");
			if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
				return false;
			}
			String site = request.getHeader("Sec-Fetch-Site");
			return site == null || SAME_SITE_FETCH.contains(site);
		};
	}

	/**
	 * 401 with a Basic challenge; 429 with Retry-After while the address is throttled.
	 */
	private static AuthenticationEntryPoint basicEntryPoint() {
		BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
		basic.setRealmName("Visitflow");
		return new AuthenticationEntryPoint() {
			@Override
			public void commence(HttpServletRequest request, HttpServletResponse response,
					AuthenticationException authException) throws IOException {
				if (authException instanceof LoginThrottledException throttled) {
					response.setHeader("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
					response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), throttled.getMessage());
					return;
				}
				basic.commence(request, response, authException);
			}
		};
	}

}
