package dev.operator.dli.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Any failure of a DLI call. The message is safe to show: it never holds a credential, a token or a
 * signature.
 */
public final class DliException extends RuntimeException {
  private final ErrorClass errorClass;
  private final int httpStatus;
  private final String errorCode;
  private final String requestId;
  private final boolean notSent;
  private final boolean tookEffect;

  public DliException(
      ErrorClass errorClass,
      int httpStatus,
      String errorCode,
      String message,
      String requestId,
      Throwable cause) {
    this(errorClass, httpStatus, errorCode, message, requestId, cause, false, false);
  }

  private DliException(
      ErrorClass errorClass,
      int httpStatus,
      String errorCode,
      String message,
      String requestId,
      Throwable cause,
      boolean notSent,
      boolean tookEffect) {
    super(message, cause);
    this.notSent = notSent;
    this.tookEffect = tookEffect;
    this.errorClass = errorClass;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.requestId = requestId;
  }

  public ErrorClass errorClass() {
    return errorClass;
  }

  /** 0 when no HTTP answer came. */
  public int httpStatus() {
    return httpStatus;
  }

  /** DLI.xxxx or APIGW.xxxx, or null. */
  public String errorCode() {
    return errorCode;
  }

  public String requestId() {
    return requestId;
  }

  /** The same failure, known to have happened before the request left this process. */
  static DliException beforeSending(DliException e) {
    return new DliException(
        e.errorClass, e.httpStatus, e.errorCode, e.dliMessage(), e.requestId, e, true, false);
  }

  /**
   * The same failure, of an operation whose first step certainly took effect (a Flink job was
   * created before its run failed): it may have taken effect, whatever the last call's answer.
   */
  public DliException takenEffect() {
    return new DliException(
        errorClass, httpStatus, errorCode, dliMessage(), requestId, this, false, true);
  }

  /** No answer came to a request that was sent: refused, unreachable or timed out. */
  boolean unanswered() {
    return httpStatus == 0 && !notSent && errorClass == ErrorClass.TRANSIENT;
  }

  /**
   * Whether DLI may have carried the request out despite the failure. False only when that is
   * certain: the request never left (or never reached a server), or the gateway or DLI refused it
   * with a 4xx. A timeout, a dropped connection, a 5xx or an unreadable 2xx may hide a job that was
   * created.
   */
  public boolean mayHaveTakenEffect() {
    if (tookEffect) {
      return true;
    }
    if (notSent) {
      return false;
    }
    if (httpStatus >= 400 && httpStatus < 500) {
      return httpStatus == 408;
    }
    if (httpStatus == 0) {
      Throwable cause = getCause();
      return !(cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException);
    }
    return true;
  }

  /** DLI's own words without our prefix, for status messages. */
  public String dliMessage() {
    return super.getMessage();
  }

  @Override
  public String getMessage() {
    StringBuilder text = new StringBuilder();
    if (httpStatus > 0) {
      text.append("HTTP ").append(httpStatus).append(' ');
    }
    if (errorCode != null) {
      text.append(errorCode).append(' ');
    }
    text.append(super.getMessage());
    if (requestId != null) {
      text.append(" (request id ").append(requestId).append(')');
    }
    return text.toString();
  }
}
