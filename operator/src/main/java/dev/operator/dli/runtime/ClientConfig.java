package dev.operator.dli.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Utils;

/**
 * The Kubernetes client's configuration, found as every client finds it (KUBECONFIG,
 * ~/.kube/config, or in-cluster), without a refresh that can bring nothing.
 *
 * <p>fabric8's token interceptor refreshes a found configuration to pick up a new token: once a
 * minute while tokens come, but on every request after the first minute when the user has no token
 * at all (a client certificate), since only a new token resets its clock. Each refresh re-reads and
 * parses the kubeconfig, which cost the operator a tenth of its CPU in a burst of writes (bench
 * cron). A user without a token has nothing to refresh (the interceptor only ever renews tokens),
 * so such a configuration is fixed; tokens, token files (in-cluster), auth providers and exec
 * plugins that yield tokens keep the refresh.
 */
final class ClientConfig {
  private ClientConfig() {}

  static Config fromEnvironment() {
    return withoutIdleRefresh(Config.autoConfigure(null));
  }

  static Config withoutIdleRefresh(Config config) {
    if (refreshes(config)) {
      return config;
    }
    // Neither auto-configured nor file-based: Config.refresh() returns the configuration itself.
    config.setAutoConfigure(false);
    config.setCurrentContext(null);
    return config;
  }

  /** Whether a refresh can bring the configuration anything: a token, or a provider of one. */
  static boolean refreshes(Config config) {
    return Utils.isNotNullOrEmpty(config.getOauthToken())
        || Utils.isNotNullOrEmpty(config.getAutoOAuthToken())
        || config.getOauthTokenProvider() != null
        || config.getAuthProvider() != null
        || Utils.isNotNullOrEmpty(config.getUsername());
  }
}
