package dev.operator.dli.localenv;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `make run`: starts etcd + kube-apiserver, writes their kubeconfig, installs the CRDs and stays in
 * the foreground. Ctrl-C (or SIGTERM) stops everything it started.
 */
public final class LocalEnvironment {
  private static final Logger log = LoggerFactory.getLogger(LocalEnvironment.class);

  private final Path stateDir;
  private final Path crdDir;
  private final String k8sVersion;
  private KubeAPIServer apiServer;

  LocalEnvironment(Path stateDir, Path crdDir, String k8sVersion) {
    this.stateDir = stateDir;
    this.crdDir = crdDir;
    this.k8sVersion = k8sVersion;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    String version = System.getProperty("k8s.version", "1.34.4");
    LocalEnvironment env = new LocalEnvironment(root.resolve(".local"), root.resolve("crds"), version);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      env.stop();
      stopped.countDown();
    }, "local-env-shutdown"));
    env.start();
    stopped.await();
  }

  void start() throws IOException {
    log.info("starting etcd + kube-apiserver {}", k8sVersion);
    apiServer = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withApiServerVersion(k8sVersion)
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .withWaitForEtcdHealthCheckOnStartup(true)
        .withStartupTimeout(120_000)
        .build());
    apiServer.start();
    String kubeconfigYaml = apiServer.getKubeConfigYaml();
    Files.createDirectories(stateDir);
    Path kubeconfig = stateDir.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfigYaml);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build()) {
      installCrds(client);
    }
    log.info("ready. In another shell: kubectl --kubeconfig {} get crd   (Ctrl-C here stops everything)", kubeconfig);
  }

  private void installCrds(KubernetesClient client) throws IOException {
    try (Stream<Path> files = Files.list(crdDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.resource(crd).serverSideApply();
          client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
              .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                  .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                  30, TimeUnit.SECONDS);
          log.info("installed CRD {}", crd.getMetadata().getName());
        }
      }
    }
  }

  void stop() {
    if (apiServer != null) {
      log.info("stopping kube-apiserver and etcd");
      apiServer.stop();
      apiServer = null;
    }
  }
}
