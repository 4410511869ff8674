package ru.visitflow.identity;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** Logs users in against Camunda's identity service, so one account serves Tasklist, the app and the API. */
@Component
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

	private final IdentityService identityService;

	private final UserDirectory users;

	CamundaIdentityAuthenticationProvider(IdentityService identityService, UserDirectory users) {
		this.identityService = identityService;
		this.users = users;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String userId = authentication.getName();
		Object credentials = authentication.getCredentials();
		if (userId == null || credentials == null
				|| !this.identityService.checkPassword(userId, credentials.toString())) {
			throw new BadCredentialsException("Wrong user name or password");
		}
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
