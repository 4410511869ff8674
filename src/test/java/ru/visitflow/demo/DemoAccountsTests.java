package ru.visitflow.demo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import ru.visitflow.identity.IdentityBootstrap;
import ru.visitflow.identity.StoredPasswords;
import ru.visitflow.identity.Role;
import ru.visitflow.visit.process.LifecycleTestSupport;

/**
 * With demo data off, demo accounts that still open with the demo password stop the
 * start.
 */
class DemoAccountsTests extends LifecycleTestSupport {

	@Autowired
	private IdentityService identityService;

	@Autowired
	private IdentityBootstrap identity;

	@Autowired
	private DemoData demo;

	@Autowired
	private StoredPasswords passwords;

	@Test
	void demoAccountsWithTheDemoPasswordStopTheStartWhenDemoIsOff() {
		this.identity.ensureUser("rep1", "Алексей", "Петров", "secret", List.of(Role.REP.groupId()));
		setPassword("rep1", "demo");
		try {
			DemoAccountsGuard guard = new DemoAccountsGuard(new DemoProperties(false, "demo", false), this.demo,
					this.passwords);
			assertThatThrownBy(guard::check).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("rep1")
				.hasMessageNotContaining("head1");
			assertThatCode(
					new DemoAccountsGuard(new DemoProperties(false, "demo", true), this.demo, this.passwords)::check)
				.as("allowed explicitly: a loud warning only")
				.doesNotThrowAnyException();
		}
		finally {
			setPassword("rep1", "secret");
		}
		assertThatCode(
				new DemoAccountsGuard(new DemoProperties(false, "demo", false), this.demo, this.passwords)::check)
			.doesNotThrowAnyException();
	}

	private void setPassword(String userId, String password) {
		User user = this.identityService.createUserQuery().userId(userId).singleResult();
		user.setPassword(password);
		this.identityService.saveUser(user);
	}

}
