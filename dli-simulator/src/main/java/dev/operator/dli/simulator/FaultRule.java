package dev.operator.dli.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fault the simulator injects. {@code rate} is the share of matching requests hit (1.0 = all),
 * {@code count} bounds how many are hit in all (null = no bound). {@code method} and {@code path}
 * (a substring of the request path) narrow which requests match, {@code bodyContains} (a substring
 * of the request body: a tag value, a batch name) which submits a {@code failRun} hits.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultRule(
    Type type,
    Double rate,
    Integer count,
    String method,
    String path,
    Integer status,
    Integer retryAfterSeconds,
    Long latencyMillis,
    String bodyContains) {

  public enum Type {
    /** an HTTP 5xx with a gateway error body ({@code status}, default 500) */
    error,
    /** HTTP 429 APIGW.0308, with Retry-After when {@code retryAfterSeconds} is set */
    throttle,
    /** {@code latencyMillis} added before the answer */
    latency,
    /** the connection is closed without an answer */
    drop,
    /** HTTP 200 with is_success false, the operation not done */
    notSuccess,
    /** HTTP 200 whose JSON body is cut off, the operation not done */
    truncated,
    /**
     * the operation done and answered as usual, but with HTTP {@code status} instead of 200 (e.g.
     * 202)
     */
    successStatus,
    /**
     * a setting rather than a per-request fault: new jobs stay invisible to list calls for {@code
     * latencyMillis}
     */
    listLag,
    /** a setting: a submit creates the job at once but answers {@code latencyMillis} later */
    submitDelay,
    /**
     * a Flink stop is accepted, but the job goes from job_canceling to job_cancel_fail and keeps
     * running ({@code count} bounds how many stops fail)
     */
    stopFails,
    /**
     * a submit is accepted and its job runs as usual, then ends FAILED (SQL) or dead (Spark):
     * {@code count} bounds how many submits, {@code bodyContains} which (say the resource's UID)
     */
    failRun;

    /**
     * Whether this type is a setting in force while the rule is, rather than a fault that hits
     * single requests.
     */
    boolean isSetting() {
      return this == listLag || this == submitDelay || this == stopFails || this == failRun;
    }
  }

  public static FaultRule of(Type type) {
    return new FaultRule(type, 1.0, null, null, null, null, null, null, null);
  }

  public FaultRule times(int n) {
    return new FaultRule(
        type, rate, n, method, path, status, retryAfterSeconds, latencyMillis, bodyContains);
  }

  public FaultRule on(String httpMethod, String pathPart) {
    return new FaultRule(
        type,
        rate,
        count,
        httpMethod,
        pathPart,
        status,
        retryAfterSeconds,
        latencyMillis,
        bodyContains);
  }

  public FaultRule withRate(double share) {
    return new FaultRule(
        type, share, count, method, path, status, retryAfterSeconds, latencyMillis, bodyContains);
  }

  public FaultRule withStatus(int httpStatus) {
    return new FaultRule(
        type,
        rate,
        count,
        method,
        path,
        httpStatus,
        retryAfterSeconds,
        latencyMillis,
        bodyContains);
  }

  public FaultRule withRetryAfter(int seconds) {
    return new FaultRule(
        type, rate, count, method, path, status, seconds, latencyMillis, bodyContains);
  }

  public FaultRule withLatency(long millis) {
    return new FaultRule(
        type, rate, count, method, path, status, retryAfterSeconds, millis, bodyContains);
  }

  /** Narrows a {@code failRun} to the submits whose body contains this text. */
  public FaultRule forBodiesWith(String text) {
    return new FaultRule(
        type, rate, count, method, path, status, retryAfterSeconds, latencyMillis, text);
  }

  boolean matches(String httpMethod, String requestPath) {
    return (method == null || method.equalsIgnoreCase(httpMethod))
        && (path == null || requestPath.contains(path));
  }
}
