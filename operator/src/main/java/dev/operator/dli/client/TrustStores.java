package dev.operator.dli.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The JDK's trusted CAs, plus those of a PEM bundle when one is given. */
final class TrustStores {
  private TrustStores() {}

  static X509TrustManager trustManager(String pemBundle) {
    try {
      if (pemBundle == null || pemBundle.isBlank()) {
        return firstX509(null);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : firstX509(null).getAcceptedIssuers()) {
        store.setCertificateEntry("jdk-" + i++, ca);
      }
      Collection<? extends Certificate> extra =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pemBundle.getBytes(StandardCharsets.US_ASCII)));
      if (extra.isEmpty()) {
        throw new IllegalArgumentException("caBundle holds no PEM certificate");
      }
      for (Certificate ca : extra) {
        store.setCertificateEntry("bundle-" + i++, ca);
      }
      return firstX509(store);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "caBundle is not a valid PEM certificate bundle: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager firstX509(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (var manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("the JDK has no X509TrustManager");
  }
}
