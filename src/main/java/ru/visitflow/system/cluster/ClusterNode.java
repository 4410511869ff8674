package ru.visitflow.system.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** This node's identity in the cluster: the owner written into leases. */
@Component
public class ClusterNode {

	private final String id;

	ClusterNode(ClusterProperties properties) {
		String configured = properties.nodeId();
		this.id = (configured != null && !configured.isBlank()) ? configured.trim()
				: hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	public String id() {
		return this.id;
	}

	private static String hostName() {
		try {
			String name = InetAddress.getLocalHost().getHostName();
			return (name.length() > 40) ? name.substring(0, 40) : name;
		}
		catch (UnknownHostException ex) {
			return "node";
		}
	}

	@Override
	public String toString() {
		return this.id;
	}

}
