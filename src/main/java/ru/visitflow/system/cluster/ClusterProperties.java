package ru.visitflow.system.cluster;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param nodeId this node's name in leases and logs; blank: the host name and a random
 * suffix, so two processes on one host differ
 * @param leaseDuration how long a lease lasts without renewal: a stopped node's work
 * moves to another node after at most this long
 */
@Validated
@ConfigurationProperties("visitflow.cluster")
public record ClusterProperties(String nodeId, @NotNull @DefaultValue("30s") Duration leaseDuration) {
}
