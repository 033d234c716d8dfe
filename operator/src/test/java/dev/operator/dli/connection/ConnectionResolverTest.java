package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.api.ClusterDliConnection;
import dev.operator.dli.api.ClusterDliConnectionSpec;
import dev.operator.dli.api.ConnectionKind;
import dev.operator.dli.api.ConnectionRef;
import dev.operator.dli.api.DliConnection;
import dev.operator.dli.api.DliConnectionSpec;
import dev.operator.dli.api.DliJob;
import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.api.LocalSecretRef;
import dev.operator.dli.api.NamespacedSecretRef;
import dev.operator.dli.api.SecretConnectionRef;
import dev.operator.dli.lifecycle.StallReason;
import dev.operator.dli.metrics.ConnectionMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the resolver makes of what a DliJob names, over a catalog and Secrets held in memory: which
 * stall, which connection, who holds which Secret, and when a connection is rebuilt.
 */
class ConnectionResolverTest {
  private final Map<String, Secret> secrets = new HashMap<>();
  private final Map<String, Set<SecretHolder>> holders = new HashMap<>();
  private final Map<String, DliConnection> dliConnections = new HashMap<>();
  private final Map<String, ClusterDliConnection> clusterConnections = new HashMap<>();
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
  private final Set<ConnectionKind> served = new HashSet<>(Set.of(ConnectionKind.values()));
  private ConnectionResolver resolver;

  private final SecretLookup lookup =
      new SecretLookup() {
        @Override
        public Optional<Secret> hold(
            SecretHolder holder, boolean inUse, String namespace, String name) {
          holders.computeIfAbsent(namespace + "/" + name, k -> new HashSet<>()).add(holder);
          return read(namespace, name);
        }

        @Override
        public void release(SecretHolder holder) {
          holders.values().forEach(h -> h.remove(holder));
        }

        @Override
        public Optional<Secret> read(String namespace, String name) {
          return Optional.ofNullable(secrets.get(namespace + "/" + name));
        }
      };

  private boolean unreadable;

  private final ConnectionCatalog catalog =
      new ConnectionCatalog() {
        @Override
        public Optional<DliConnection> dliConnection(String namespace, String name) {
          if (unreadable) {
            throw new Unreadable(
                "the operator cannot list dliconnections in namespace " + namespace);
          }
          return Optional.ofNullable(dliConnections.get(namespace + "/" + name));
        }

        @Override
        public Optional<ClusterDliConnection> clusterConnection(String name) {
          return Optional.ofNullable(clusterConnections.get(name));
        }

        @Override
        public Optional<Map<String, String>> namespaceLabels(String namespace) {
          return Optional.ofNullable(ConnectionResolverTest.this.namespaceLabels.get(namespace));
        }

        @Override
        public String unserved(ConnectionKind kind) {
          return served.contains(kind) ? null : kind + " is not installed";
        }
      };

  private ConnectionResolver resolver(String defaultConnection) {
    return new ConnectionResolver(
        lookup,
        catalog,
        defaultConnection,
        ConnectionSettings.defaults(),
        new ConnectionMetrics(new SimpleMeterRegistry()),
        id -> {});
  }

  @BeforeEach
  void open() {
    resolver = resolver("platform");
  }

  @AfterEach
  void close() {
    resolver.close();
  }

  @Test
  void aDliConnectionOfTheJobsNamespaceIsUsedAndHoldsItsSecret() {
    connection("team", "dli", "creds");
    ConnectionResolver.Resolved r = resolver.resolve(job(own("dli")));
    assertThat(r.stall()).isNull();
    assertThat(r.connection()).isNotNull();
    assertThat(r.refusesSubmits()).isNull();
    assertThat(holders.get("team/creds"))
        .containsExactly(new SecretHolder("DliConnection", idOf(dliConnections.get("team/dli"))));
  }

  @Test
  void aKindTheOperatorCannotListStallsTheJobWithWhatToGrantAndIsNotTakenForGone() {
    connection("team", "dli", "creds");
    unreadable = true;
    ConnectionResolver.Resolved r = resolver.resolve(job(own("dli")));
    assertThat(r.stall().reason()).isEqualTo(StallReason.ConnectionInvalid);
    assertThat(r.stall().message()).contains("cannot list dliconnections in namespace team");
    assertThat(r.connectionGone()).as("not known to be gone: no release without it").isFalse();
    assertThat(holders).isEmpty();
  }

  @Test
  void aMissingDliConnectionIsNotFoundAndNothingIsHeld() {
    ConnectionResolver.Resolved r = resolver.resolve(job(own("nope")));
    assertThat(r.stall().reason()).isEqualTo(StallReason.ConnectionNotFound);
    assertThat(r.stall().message()).contains("DliConnection team/nope");
    assertThat(r.connectionGone()).isTrue();
    assertThat(holders).isEmpty();
  }

  @Test
  void aClusterConnectionServesOnlyTheNamespacesItsSelectorPicks() {
    cluster("platform", Map.of("tier", "gold"));
    namespaceLabels.put("team", Map.of("tier", "silver"));
    ConnectionResolver.Resolved refused = resolver.resolve(job(clusterRef("platform")));
    assertThat(refused.stall().reason()).isEqualTo(StallReason.ConnectionNotAllowed);
    assertThat(refused.stall().message()).contains("namespace team").contains("platform");
    assertThat(refused.connection()).isNull();
    assertThat(holders).as("a refused job makes its connection hold nothing").isEmpty();

    namespaceLabels.put("team", Map.of("tier", "gold"));
    assertThat(resolver.resolve(job(clusterRef("platform"))).connection()).isNotNull();
  }

  @Test
  void theDefaultIsAClusterConnectionUnderItsSelectorLikeAnyOther() {
    cluster("platform", Map.of("tier", "gold"));
    namespaceLabels.put("team", Map.of());
    assertThat(resolver.resolve(job(spec -> {})).stall().reason())
        .isEqualTo(StallReason.ConnectionNotAllowed);
    namespaceLabels.put("team", Map.of("tier", "gold"));
    assertThat(resolver.resolve(job(spec -> {})).connection()).isNotNull();
  }

  @Test
  void unknownNamespaceLabelsSayWhatToGrant() {
    cluster("platform", Map.of());
    ConnectionResolver.Resolved r = resolver.resolve(job(clusterRef("platform")));
    assertThat(r.stall().reason()).isEqualTo(StallReason.ConnectionInvalid);
    assertThat(r.stall().message()).contains("get, list and watch on namespaces");
  }

  @Test
  void aKindWhoseCrdIsMissingIsNotFoundWithWhy() {
    served.remove(ConnectionKind.DliConnection);
    ConnectionResolver.Resolved r = resolver.resolve(job(own("dli")));
    assertThat(r.stall().reason()).isEqualTo(StallReason.ConnectionNotFound);
    assertThat(r.stall().message()).contains("not installed");
  }

  @Test
  void noConnectionAndNoDefaultIsExplained() {
    resolver.close();
    resolver = resolver(null);
    ConnectionResolver.Resolved r = resolver.resolve(job(spec -> {}));
    assertThat(r.stall().reason()).isEqualTo(StallReason.ConnectionInvalid);
    assertThat(r.stall().message()).contains("DLI_DEFAULT_CONNECTION");
  }

  @Test
  void aConnectionBeingDeletedServesItsJobsButTakesNoNewSubmits() {
    DliConnection c = connection("team", "dli", "creds");
    c.getMetadata().setDeletionTimestamp("2026-12-03T10:00:00Z");
    ConnectionResolver.Resolved r = resolver.resolve(job(own("dli")));
    assertThat(r.connection()).isNotNull();
    assertThat(r.refusesSubmits().reason()).isEqualTo(StallReason.ConnectionNotAllowed);
    assertThat(r.refusesSubmits().message()).contains("takes no new submits");
  }

  @Test
  void aConnectionIsRebuiltOnlyWhenItsSpecOrItsSecretsDataChange() {
    DliConnection c = connection("team", "dli", "creds");
    Connection first = resolver.resolve(job(own("dli"))).connection();
    secrets.get("team/creds").getMetadata().setFinalizers(List.of("in-use"));
    assertThat(resolver.resolve(job(own("dli"))).connection())
        .as("the Secret's metadata changed only")
        .isSameAs(first);

    secrets.put("team/creds", credentials("team", "creds", "SK2"));
    Connection second = resolver.resolve(job(own("dli"))).connection();
    assertThat(second).isNotSameAs(first);

    c.getMetadata().setGeneration(2L);
    assertThat(resolver.resolve(job(own("dli"))).connection()).isNotSameAs(second);
  }

  @Test
  void aMissingCredentialsSecretIsNamed() {
    connection("team", "dli", "creds");
    secrets.clear();
    ConnectionResolver.Resolved r = resolver.resolve(job(own("dli")));
    assertThat(r.stall().reason()).isEqualTo(StallReason.ConnectionInvalid);
    assertThat(r.stall().message())
        .contains("Secret team/creds of DliConnection team/dli (spec.credentialsSecretRef)");
  }

  @Test
  void aDeprecatedConnectionSecretIsHeldByTheJobItself() {
    secrets.put("team/old", legacySecret("team", "old"));
    DliJob job =
        job(
            spec -> {
              SecretConnectionRef ref = new SecretConnectionRef();
              ref.setSecretName("old");
              spec.setConnection(ref);
            });
    ConnectionResolver.Resolved r = resolver.resolve(job);
    assertThat(r.connection()).isNotNull();
    assertThat(r.deprecated()).isTrue();
    assertThat(holders.get("team/old")).containsExactly(SecretHolder.of(job));
  }

  @Test
  void closingAConnectionLetsGoOfItsSecret() {
    DliConnection c = connection("team", "dli", "creds");
    resolver.resolve(job(own("dli")));
    resolver.closed(c);
    assertThat(holders.get("team/creds")).isEmpty();
  }

  private static ResourceID idOf(HasMetadata resource) {
    return ResourceID.fromResource(resource);
  }

  private DliConnection connection(String namespace, String name, String secretName) {
    DliConnectionSpec spec = new DliConnectionSpec();
    spec.setEndpoint("https://dli.example.com");
    spec.setProjectId("p1");
    LocalSecretRef ref = new LocalSecretRef();
    ref.setName(secretName);
    spec.setCredentialsSecretRef(ref);
    DliConnection c = new DliConnection();
    c.setMetadata(meta(namespace, name));
    c.setSpec(spec);
    dliConnections.put(namespace + "/" + name, c);
    secrets.put(namespace + "/" + secretName, credentials(namespace, secretName, "SK"));
    return c;
  }

  private void cluster(String name, Map<String, String> selects) {
    ClusterDliConnectionSpec spec = new ClusterDliConnectionSpec();
    spec.setEndpoint("https://dli.example.com");
    spec.setProjectId("p1");
    NamespacedSecretRef ref = new NamespacedSecretRef();
    ref.setNamespace("dli-system");
    ref.setName("platform-creds");
    spec.setCredentialsSecretRef(ref);
    spec.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(selects).build());
    ClusterDliConnection c = new ClusterDliConnection();
    c.setMetadata(meta(null, name));
    c.setSpec(spec);
    clusterConnections.put(name, c);
    secrets.put("dli-system/platform-creds", credentials("dli-system", "platform-creds", "SK"));
  }

  private static ObjectMeta meta(String namespace, String name) {
    return new ObjectMetaBuilder()
        .withNamespace(namespace)
        .withName(name)
        .withUid(name + "-uid")
        .withGeneration(1L)
        .build();
  }

  private static Secret credentials(String namespace, String name, String secretKey) {
    return new SecretBuilder()
        .withMetadata(meta(namespace, name))
        .withStringData(Map.of("accessKey", "AK", "secretKey", secretKey))
        .build();
  }

  private static Secret legacySecret(String namespace, String name) {
    return new SecretBuilder()
        .withMetadata(meta(namespace, name))
        .withStringData(
            Map.of(
                "endpoint", "https://dli.example.com",
                "projectId", "p1",
                "accessKey", "AK",
                "secretKey", "SK"))
        .build();
  }

  private static Consumer<DliJobSpec> own(String name) {
    return spec -> spec.setConnectionRef(new ConnectionRef(ConnectionKind.DliConnection, name));
  }

  private static Consumer<DliJobSpec> clusterRef(String name) {
    return spec ->
        spec.setConnectionRef(new ConnectionRef(ConnectionKind.ClusterDliConnection, name));
  }

  private static DliJob job(Consumer<DliJobSpec> customize) {
    DliJob job = new DliJob();
    job.setMetadata(meta("team", "job"));
    job.setSpec(new DliJobSpec());
    customize.accept(job.getSpec());
    return job;
  }
}
