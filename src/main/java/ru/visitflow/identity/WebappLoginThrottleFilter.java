package ru.visitflow.identity;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Camunda webapps log in on their own ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}} with
 * {@code username} and {@code password}, checked by the identity service): the same {@link LoginThrottle}
 * applies there. A throttled address gets 429 with Retry-After and the password is not checked; 401 counts as a
 * wrong password.
 */
class WebappLoginThrottleFilter extends OncePerRequestFilter {

	private final LoginThrottle throttle;

	WebappLoginThrottleFilter(LoginThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !request.getRequestURI().contains("/login/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String client = request.getRemoteAddr();
		String user = request.getParameter("username");
		Duration wait = this.throttle.waitFor(client, user);
		if (!wait.isZero()) {
			response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
			response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(),
					"Too many failed logins from this address; try again later");
			return;
		}
		chain.doFilter(request, response);
		if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
			this.throttle.failed(client, user);
		}
		else if (response.getStatus() < 300) {
			this.throttle.succeeded(client, user);
		}
	}

}
