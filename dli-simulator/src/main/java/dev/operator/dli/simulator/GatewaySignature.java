package dev.operator.dli.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an {@code SDK-HMAC-SHA256} Authorization header the way DLI's API gateway does: it
 * rebuilds the canonical request from what arrived, with the client's own SignedHeaders list.
 * Written apart from the operator's signer on purpose, so that each checks the other.
 */
final class GatewaySignature {
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "SDK-HMAC-SHA256\\s+Access=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-fA-F]+)");
  private static final DateTimeFormatter SDK_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  record Parsed(String accessKey, List<String> signedHeaders, String signature) {}

  private GatewaySignature() {}

  static Parsed parse(String authorization) {
    Matcher m = AUTHORIZATION.matcher(authorization.trim());
    if (!m.matches()) {
      throw ApiError.gatewayAuth(
          "verify aksk signature fail, the Authorization header is malformed");
    }
    return new Parsed(
        m.group(1), List.of(m.group(2).toLowerCase().split(";")), m.group(3).toLowerCase());
  }

  /**
   * @param header the first value of a request header, by case-insensitive name, or null
   * @throws ApiError 401 APIGW.0301 when the signature or its date does not hold
   */
  static void verify(
      Parsed auth,
      String secretKey,
      String method,
      String rawPath,
      String rawQuery,
      Function<String, String> header,
      byte[] body,
      Instant now) {
    String date = header.apply("X-Sdk-Date");
    if (date == null || !auth.signedHeaders().contains("x-sdk-date")) {
      throw ApiError.gatewayAuth("verify aksk signature fail, x-sdk-date is missing or not signed");
    }
    try {
      Instant signedAt = SDK_DATE.parse(date, Instant::from);
      if (Duration.between(signedAt, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
        throw ApiError.gatewayAuth(
            "verify aksk signature fail, x-sdk-date "
                + date
                + " is more than 15 minutes from the server time");
      }
    } catch (DateTimeParseException e) {
      throw ApiError.gatewayAuth(
          "verify aksk signature fail, x-sdk-date '" + date + "' is not yyyyMMddTHHmmssZ");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : auth.signedHeaders()) {
      String value = header.apply(name);
      canonicalHeaders
          .append(name)
          .append(':')
          .append(value == null ? "" : value.trim())
          .append('\n');
    }
    String payloadHash = header.apply("X-Sdk-Content-Sha256");
    String canonical =
        String.join(
            "\n",
            method,
            canonicalUri(rawPath),
            canonicalQuery(rawQuery),
            canonicalHeaders.toString(),
            String.join(";", auth.signedHeaders()),
            payloadHash != null ? payloadHash : sha256Hex(body));
    String stringToSign =
        "SDK-HMAC-SHA256\n" + date + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    if (!MessageDigest.isEqual(
        hmacHex(secretKey, stringToSign).getBytes(StandardCharsets.US_ASCII),
        auth.signature().getBytes(StandardCharsets.US_ASCII))) {
      throw ApiError.gatewayAuth(
          "verify aksk signature fail, canonicalRequest:" + canonical.replace('\n', '|'));
    }
  }

  static String canonicalUri(String rawPath) {
    StringBuilder uri = new StringBuilder();
    for (String segment : rawPath.split("/", -1)) {
      if (uri.length() > 0 || !segment.isEmpty()) {
        uri.append('/');
      }
      uri.append(encode(URLDecoder.decode(segment, StandardCharsets.UTF_8)));
    }
    String result = uri.length() == 0 ? "/" : uri.toString();
    return result.endsWith("/") ? result : result + "/";
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(Map.entry(encode(decodeQuery(name)), encode(decodeQuery(value))));
    }
    pairs.sort(
        Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, String> pair : pairs) {
      query
          .append(query.length() == 0 ? "" : "&")
          .append(pair.getKey())
          .append('=')
          .append(pair.getValue());
    }
    return query.toString();
  }

  private static String decodeQuery(String text) {
    // '+' stays a plus: signers encode a space as %20, never as '+'.
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986: unreserved characters stay, every other byte becomes %XY. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || "-_.~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hmacHex(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
