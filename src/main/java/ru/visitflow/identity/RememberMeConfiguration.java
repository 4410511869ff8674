package ru.visitflow.identity;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.validation.constraints.NotNull;
import org.camunda.bpm.engine.IdentityService;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.rememberme.JdbcTokenRepositoryImpl;
import org.springframework.security.web.authentication.rememberme.PersistentTokenBasedRememberMeServices;
import org.springframework.validation.annotation.Validated;

/**
 * "Remember me" on the login page, so a rep in the field logs in once a week: a random
 * token per device in the {@code persistent_logins} table (it survives restarts, is
 * renewed on every use and is dropped on logout), for users that still exist in the
 * identity service, with their current roles.
 */
@Configuration(proxyBeanMethods = false)
class RememberMeConfiguration {

	/**
	 * @param validity how long a remembered login lasts without use
	 */
	@Validated
	@ConfigurationProperties("visitflow.remember-me")
	record RememberMeProperties(@DefaultValue("P7D") @NotNull Duration validity) {
	}

	@Bean
	PersistentTokenBasedRememberMeServices rememberMeServices(DataSource dataSource, IdentityService identityService,
			UserDirectory users, RememberMeProperties properties) {
		JdbcTokenRepositoryImpl tokens = new JdbcTokenRepositoryImpl();
		tokens.setDataSource(dataSource);
		UserDetailsService details = (userId) -> {
			if (identityService.createUserQuery().userId(userId).count() == 0) {
				throw new UsernameNotFoundException("No such user");
			}
			List<SimpleGrantedAuthority> authorities = users.rolesOf(userId)
				.stream()
				.map((role) -> new SimpleGrantedAuthority(role.authority()))
				.toList();
			return User.withUsername(userId).password("").authorities(authorities).build();
		};
		// the key only ties the cookie's authentication to this provider; the tokens
		// themselves are random
		PersistentTokenBasedRememberMeServices services = new PersistentTokenBasedRememberMeServices(
				UUID.randomUUID().toString(), details, tokens);
		services.setTokenValiditySeconds((int) properties.validity().toSeconds());
		services.setCookieName("visitflow-remember-me");
		services.setParameter("remember-me");
		return services;
	}

}
