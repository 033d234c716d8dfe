package dev.operator.dli.client;

/**
 * Any failure of a DLI call. The message is safe to show: it never holds a credential, a token or a
 * signature.
 */
public final class DliException extends RuntimeException {
  private final ErrorClass errorClass;
  private final int httpStatus;
  private final String errorCode;
  private final String requestId;

  public DliException(ErrorClass errorClass, int httpStatus, String errorCode, String message, String requestId,
                      Throwable cause) {
    super(message, cause);
    this.errorClass = errorClass;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.requestId = requestId;
  }

  public ErrorClass errorClass() { return errorClass; }

  /** 0 when no HTTP answer came. */
  public int httpStatus() { return httpStatus; }

  /** DLI.xxxx or APIGW.xxxx, or null. */
  public String errorCode() { return errorCode; }

  public String requestId() { return requestId; }

  /** DLI's own words without our prefix, for status messages. */
  public String dliMessage() { return super.getMessage(); }

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
