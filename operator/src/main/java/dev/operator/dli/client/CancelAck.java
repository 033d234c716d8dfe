package dev.operator.dli.client;

/**
 * DLI's answer to a cancel it accepted, as it gave it: the HTTP status, {@code is_success} (null
 * when the answer has none, as a Spark batch's {@code {"msg": "deleted"}}) and its message.
 */
public record CancelAck(int httpStatus, Boolean isSuccess, String message) {}
