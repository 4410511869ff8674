package ru.visitflow.identity;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The actor of the current request, from Spring Security's context. */
public final class CurrentActor {

	private CurrentActor() {
	}

	public static Actor get() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			throw new AuthenticationCredentialsNotFoundException("Not logged in");
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			for (Role role : Role.values()) {
				if (role.authority().equals(authority.getAuthority())) {
					roles.add(role);
				}
			}
		}
		return new Actor(authentication.getName(), roles);
	}

}
