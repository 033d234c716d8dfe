package dev.operator.dli.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The operator's version, from the build; served as dli_operator_build_info{version} = 1. */
public final class BuildInfo {
  private static final String RESOURCE = "/dli-operator-build.properties";

  private BuildInfo() {}

  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void register(MeterRegistry registry) {
    Gauge.builder("dli.operator.build.info", () -> 1)
        .description("The running operator's version")
        .tag("version", version())
        .register(registry);
  }
}
