package ru.visitflow.identity;

import java.time.Duration;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Logs users in against Camunda's identity service, so one account serves Tasklist, the
 * app and the API; wrong passwords are slowed down by {@link LoginThrottle}.
 */
@Component
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

	private final IdentityService identityService;

	private final UserDirectory users;

	private final LoginThrottle throttle;

	CamundaIdentityAuthenticationProvider(IdentityService identityService, UserDirectory users,
			LoginThrottle throttle) {
		this.identityService = identityService;
		this.users = users;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String userId = authentication.getName();
		Object credentials = authentication.getCredentials();
		String client = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : "unknown";
		Duration wait = this.throttle.waitFor(client, userId);
		if (!wait.isZero()) {
			throw new LoginThrottledException(wait);
		}
		if (userId == null || credentials == null
				|| !this.identityService.checkPassword(userId, credentials.toString())) {
			this.throttle.failed(client, userId);
			throw new BadCredentialsException("Wrong user name or password");
		}
		this.throttle.succeeded(client, userId);
		List<SimpleGrantedAuthority> authorities = this.users.rolesOf(userId)
			.stream()
			.map((role) -> new SimpleGrantedAuthority(role.authority()))
			.toList();
		return UsernamePasswordAuthenticationToken.authenticated(userId, null, authorities);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
