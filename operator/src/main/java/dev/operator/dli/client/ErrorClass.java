package dev.operator.dli.client;

/** What a caller can do about an error. */
public enum ErrorClass {
  /** Try again later: 5xx, 429, I/O errors, timeouts. */
  TRANSIENT,
  /**
   * The credentials (or the TLS trust) are wrong, expired or not allowed: a human must fix them.
   */
  AUTH,
  /** The job (or batch) does not exist. */
  NOT_FOUND,
  /** Retrying the same request cannot help. */
  PERMANENT;

  /**
   * @param httpStatus the HTTP status, or 0 when no answer came (I/O error)
   * @param errorCode DLI's or the gateway's error_code, or null
   * @param addressesJob whether the request named a job or batch, so that "object does not exist"
   *     means it
   */
  public static ErrorClass of(int httpStatus, String errorCode, boolean addressesJob) {
    if (httpStatus == 0
        || httpStatus == 429
        || httpStatus >= 500
        || "APIGW.0308".equals(errorCode)) {
      return TRANSIENT;
    }
    if (httpStatus == 401
        || httpStatus == 403
        || "APIGW.0301".equals(errorCode)
        || "APIGW.0302".equals(errorCode)
        || "DLI.0013".equals(errorCode)
        || "DLI.0014".equals(errorCode)) {
      return AUTH;
    }
    if (addressesJob
        && (httpStatus == 404
            || "DLI.0002".equals(errorCode)
            || "DLI.0023".equals(errorCode)
            || "DLI.16001".equals(errorCode)
            || "DLI.12004".equals(errorCode))) {
      return NOT_FOUND;
    }
    return PERMANENT;
  }
}
