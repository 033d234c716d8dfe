package dev.operator.dli.simulator;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import java.util.List;

/**
 * The official Huawei Cloud SDK's DLI client for a simulator: AK/SK signing, and TLS verified
 * against the simulator's CA.
 */
final class OfficialSdk {
  private OfficialSdk() {}

  static DliClient against(DliSimulator simulator) throws Exception {
    PemTrust trust = PemTrust.of(simulator.caPem());
    return DliClient.newBuilder()
        .withCredential(
            new BasicCredentials()
                .withAk(simulator.config().accessKey())
                .withSk(simulator.config().secretKey())
                .withProjectId(simulator.config().projectId()))
        .withEndpoints(List.of(simulator.url()))
        .withHttpConfig(
            HttpConfig.getDefaultHttpConfig()
                .withSSLSocketFactory(trust.sslContext().getSocketFactory())
                .withX509TrustManager(trust.trustManager()))
        .build();
  }
}
