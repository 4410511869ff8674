package ru.visitflow.dashboard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The Power BI feed authenticates by its own per-consumer token (checked by
 * {@link FeedController}), not by a user login: Spring Security lets {@code /feed/**}
 * through, stateless and without CSRF (it is read-only).
 */
@Configuration(proxyBeanMethods = false)
class FeedSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain feedFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/feed/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

}
