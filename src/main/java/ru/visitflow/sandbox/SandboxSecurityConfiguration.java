package ru.visitflow.sandbox;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The REST emulation is called like a portal's inbound webhook: the code in the path is
 * its authentication (checked by the emulation itself, answering NO_AUTH_FOUND), so
 * Spring Security lets it through, without CSRF or sessions. The sandbox page stays
 * behind the app's login.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBitrix24Sandbox
class SandboxSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain bitrix24SandboxRestFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher(Bitrix24Sandbox.REST_PATH + "/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	/**
	 * Bitrix24 takes bracket notation in a query string unencoded
	 * ({@code ?filter[>id]=5}, as people type it in curl); Tomcat refuses {@code [ ]}
	 * there unless told otherwise.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> bitrix24SandboxQueryCharacters() {
		return (factory) -> factory
			.addConnectorCustomizers((connector) -> connector.setProperty("relaxedQueryChars", "[]|{}^`\"<>"));
	}

}
