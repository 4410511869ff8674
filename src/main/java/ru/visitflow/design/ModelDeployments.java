package ru.visitflow.design;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.EntityTypes;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bookkeeping of the guarded models' versions. At every start (after Camunda's
 * auto-deployment) and whenever an administrator lists them, versions not yet recorded
 * are recorded with their origin and the version they replaced. The packaged model is
 * deployed again only when its files changed (Camunda's duplicate filtering): an
 * unchanged restart keeps a designer's newer version the latest; a changed packaged model
 * becomes the latest, and what it replaced is recorded here and logged as a warning.
 */
@Service
public class ModelDeployments {

	private static final Logger logger = LoggerFactory.getLogger(ModelDeployments.class);

	private final RepositoryService repositoryService;

	private final HistoryService historyService;

	private final JdbcClient jdbc;

	private final DesignProperties properties;

	private final Clock clock;

	ModelDeployments(RepositoryService repositoryService, HistoryService historyService, JdbcClient jdbc,
			DesignProperties properties, Clock clock) {
		this.repositoryService = repositoryService;
		this.historyService = historyService;
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void recordAtStart() {
		refresh();
	}

	/** Records the versions not recorded yet; returns those it recorded. */
	@Transactional
	public synchronized List<ModelDeployment> refresh() {
		List<ModelDeployment> recorded = new ArrayList<>();
		for (String key : this.properties.guardedProcesses()) {
			Set<String> known = Set
				.copyOf(this.jdbc.sql("select definition_id from model_deployment where process_key = ?")
					.param(key)
					.query(String.class)
					.list());
			List<ProcessDefinition> versions = this.repositoryService.createProcessDefinitionQuery()
				.processDefinitionKey(key)
				.orderByProcessDefinitionVersion()
				.asc()
				.list();
			Map<Integer, ProcessDefinition> byVersion = new HashMap<>();
			versions.forEach((definition) -> byVersion.put(definition.getVersion(), definition));
			for (ProcessDefinition definition : versions) {
				if (known.contains(definition.getId())) {
					continue;
				}
				ModelDeployment record = record(definition, byVersion.get(definition.getVersion() - 1));
				insert(record);
				recorded.add(record);
				if (record.replacedTheOtherSide()) {
					logger.warn(
							"{} version {} ({}, deployment '{}') replaced version {} ({}) as the latest; "
									+ "running visits keep their versions. See GET /api/design/deployments",
							key, record.version(), record.origin(), record.deploymentName(), record.replacedVersion(),
							record.replacedOrigin());
				}
			}
		}
		return recorded;
	}

	public List<ModelDeployment> list(String processKey) {
		return this.jdbc.sql("select * from model_deployment where process_key = ? order by version desc")
			.param(processKey)
			.query(ModelDeployments::map)
			.list();
	}

	private ModelDeployment record(ProcessDefinition definition, ProcessDefinition previous) {
		Deployment deployment = deployment(definition);
		String previousOrigin = null;
		if (previous != null) {
			previousOrigin = this.jdbc.sql("select origin from model_deployment where definition_id = ?")
				.param(previous.getId())
				.query(String.class)
				.optional()
				.orElseGet(() -> originOf(deployment(previous)));
		}
		Instant deployedAt = (deployment.getDeploymentTime() != null) ? deployment.getDeploymentTime().toInstant()
				: this.clock.instant();
		return new ModelDeployment(definition.getId(), definition.getKey(), definition.getVersion(), deployment.getId(),
				deployment.getName(), deployment.getSource(), originOf(deployment), deployedBy(deployment.getId()),
				deployedAt, (previous != null) ? previous.getId() : null,
				(previous != null) ? previous.getVersion() : null, previousOrigin, this.clock.instant());
	}

	private Deployment deployment(ProcessDefinition definition) {
		return this.repositoryService.createDeploymentQuery().deploymentId(definition.getDeploymentId()).singleResult();
	}

	private String originOf(Deployment deployment) {
		return this.properties.packagedDeploymentName().equals(deployment.getName()) ? ModelDeployment.PACKAGED
				: ModelDeployment.DESIGNER;
	}

	private String deployedBy(String deploymentId) {
		return this.historyService.createUserOperationLogQuery()
			.deploymentId(deploymentId)
			.entityType(EntityTypes.DEPLOYMENT)
			.operationType(UserOperationLogEntry.OPERATION_TYPE_CREATE)
			.list()
			.stream()
			.map(UserOperationLogEntry::getUserId)
			.filter((user) -> user != null)
			.findFirst()
			.orElse(null);
	}

	private void insert(ModelDeployment record) {
		this.jdbc.sql("""
				insert into model_deployment (definition_id, process_key, version, deployment_id, deployment_name,
				    deployment_source, origin, deployed_by, deployed_at, replaced_definition_id, replaced_version,
				    replaced_origin, recorded_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(record.definitionId(), record.processKey(), record.version(), record.deploymentId(),
					record.deploymentName(), record.deploymentSource(), record.origin(), record.deployedBy(),
					Timestamp.from(record.deployedAt()), record.replacedDefinitionId(), record.replacedVersion(),
					record.replacedOrigin(), Timestamp.from(record.recordedAt()))
			.update();
	}

	private static ModelDeployment map(ResultSet rs, int row) throws SQLException {
		int replacedVersion = rs.getInt("replaced_version");
		Integer replaced = rs.wasNull() ? null : replacedVersion;
		return new ModelDeployment(rs.getString("definition_id"), rs.getString("process_key"), rs.getInt("version"),
				rs.getString("deployment_id"), rs.getString("deployment_name"), rs.getString("deployment_source"),
				rs.getString("origin"), rs.getString("deployed_by"), rs.getTimestamp("deployed_at").toInstant(),
				rs.getString("replaced_definition_id"), replaced, rs.getString("replaced_origin"),
				rs.getTimestamp("recorded_at").toInstant());
	}

}
