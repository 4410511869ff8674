package ru.visitflow.identity;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;

import org.springframework.stereotype.Component;

/**
 * Whether a stored password is a given one, for start-up checks (demo accounts, the
 * configured administrator password). Unlike {@code IdentityService.checkPassword}, which
 * is for logins, it counts no failed attempt and sets no lock.
 */
@Component
public class StoredPasswords {

	private final IdentityService identityService;

	private final ProcessEngineConfigurationImpl configuration;

	StoredPasswords(IdentityService identityService, ProcessEngineConfiguration configuration) {
		this.identityService = identityService;
		this.configuration = (ProcessEngineConfigurationImpl) configuration;
	}

	public boolean is(String userId, String password) {
		User user = this.identityService.createUserQuery().userId(userId).singleResult();
		if (!(user instanceof UserEntity entity) || entity.getPassword() == null || password == null) {
			return false;
		}
		return this.configuration.getPasswordManager()
			.check(EncryptionUtil.saltPassword(password, entity.getSalt()), entity.getPassword());
	}

}
