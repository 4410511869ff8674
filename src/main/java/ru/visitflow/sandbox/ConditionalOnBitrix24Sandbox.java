package ru.visitflow.sandbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * The sandbox exists only when Visitflow has no real portal
 * ({@code visitflow.bitrix24.webhook-url} blank) and
 * {@code visitflow.bitrix24.sandbox.enabled} is true: a configured portal never shares
 * the app with an emulator.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnBitrix24SandboxCondition.class)
public @interface ConditionalOnBitrix24Sandbox {

}
