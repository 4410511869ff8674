package ru.visitflow.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Visitflow's module rules, for any root package (the application's, or a fixture's that
 * breaks them on purpose). Dependencies point into the domain: {@code system} ←
 * {@code identity} ← {@code company} ← {@code visit}; the capabilities on top
 * ({@code field}, {@code map}, {@code route}, {@code plan}, {@code dashboard},
 * {@code sales}, the pages in {@code web}, the {@code demo} data) use the domain and each
 * other, never Bitrix24; only {@code bitrix24} code speaks Bitrix24 (its client and wire
 * format); nothing depends on the {@code sandbox}, which knows nothing of Visitflow but
 * the Bitrix24 wire format.
 */
final class ModuleRules {

	static final List<String> FEATURES = List.of("field", "map", "geo", "route", "plan", "coverage", "dashboard",
			"sales", "web", "demo", "design", "idempotency", "webapps", "apidocs");

	private ModuleRules() {
	}

	/** The rules by name, for the classes under {@code root}. */
	static Map<String, ArchRule> of(String root) {
		Map<String, ArchRule> rules = new LinkedHashMap<>();
		String system = root + ".system..";
		String identity = root + ".identity..";
		String company = root + ".company..";
		String visit = root + ".visit..";
		String bitrix24 = root + ".bitrix24..";
		String client = root + ".bitrix24.client..";
		String wire = root + ".bitrix24.wire..";
		String sandbox = root + ".sandbox..";
		String[] features = FEATURES.stream().map((feature) -> root + "." + feature + "..").toArray(String[]::new);

		rules.put("system depends on nothing of Visitflow", onlyOwnAnd(root, system, system));
		rules.put("identity depends on system only", onlyOwnAnd(root, identity, system, identity));
		rules.put("company depends on identity and system only", onlyOwnAnd(root, company, system, identity, company));
		rules.put("visit depends on company, identity and system only",
				onlyOwnAnd(root, visit, system, identity, company, visit));
		List<String> featureTargets = new ArrayList<>(List.of(system, identity, company, visit));
		featureTargets.addAll(List.of(features));
		rules.put("capabilities use the domain and each other, never Bitrix24 or the sandbox",
				onlyOwnAnd(root, features, featureTargets.toArray(String[]::new)));
		rules.put("bitrix24 depends on the domain, never on capabilities built on it",
				onlyOwnAnd(root, new String[] { bitrix24 }, system, identity, company, visit, bitrix24));
		rules.put("the Bitrix24 client knows nothing of Visitflow's domain",
				onlyOwnAnd(root, client, client, wire, system));
		rules.put("the wire format knows nothing of Visitflow", onlyOwnAnd(root, wire, wire));
		rules.put("only bitrix24 code speaks Bitrix24",
				noClasses().that()
					.resideOutsideOfPackages(bitrix24, sandbox)
					.should()
					.dependOnClassesThat()
					.resideInAnyPackage(client, wire)
					.allowEmptyShould(true));
		rules.put("only the Bitrix24 client, the geocoder and the road router make HTTP calls with okhttp",
				noClasses().that()
					.resideOutsideOfPackages(client, root + ".geo..", root + ".route..")
					.should()
					.dependOnClassesThat()
					.resideInAnyPackage("okhttp3..")
					.allowEmptyShould(true));
		rules.put("nothing depends on the sandbox",
				noClasses().that()
					.resideOutsideOfPackage(sandbox)
					.should()
					.dependOnClassesThat()
					.resideInAPackage(sandbox)
					.allowEmptyShould(true));
		rules.put("the sandbox knows nothing of Visitflow but the Bitrix24 wire format",
				onlyOwnAnd(root, sandbox, sandbox, wire));
		rules.put("no cycles between modules",
				slices().matching(root + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true));
		rules.put("no cycles inside bitrix24",
				slices().matching(root + ".bitrix24.(*)..").should().beFreeOfCycles().allowEmptyShould(true));
		return rules;
	}

	private static ArchRule onlyOwnAnd(String root, String packages, String... allowed) {
		return onlyOwnAnd(root, new String[] { packages }, allowed);
	}

	/**
	 * Classes in {@code packages} depend only on {@code allowed} ones or on anything
	 * outside Visitflow.
	 */
	private static ArchRule onlyOwnAnd(String root, String[] packages, String... allowed) {
		DescribedPredicate<JavaClass> permitted = or(resideInAnyPackage(allowed), resideOutsideOfPackage(root + ".."));
		return classes().that()
			.resideInAnyPackage(packages)
			.should()
			.onlyDependOnClassesThat(permitted)
			.allowEmptyShould(true);
	}

}
