package dev.operator.dli.simulator;

/** An error answer in DLI's shape: HTTP status plus {"error_code", "error_msg"}. */
final class ApiError extends RuntimeException {
  final int status;
  final String code;

  ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "DLI.0001", message);
  }

  /** The gateway's answer to a path no API publishes. */
  static ApiError noSuchApi() {
    return new ApiError(
        404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
  }

  static ApiError gatewayAuth(String detail) {
    return new ApiError(401, "APIGW.0301", "Incorrect IAM authentication information: " + detail);
  }
}
