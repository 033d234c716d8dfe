package dev.operator.dli.client;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Huawei Cloud API gateway signing, {@code SDK-HMAC-SHA256}: canonical request (method, canonical
 * URI with a trailing slash, sorted canonical query, the signed headers, body hash), string to
 * sign, HMAC.
 */
public final class AkSkSigner {
  public static final String ALGORITHM = "SDK-HMAC-SHA256";
  public static final DateTimeFormatter SDK_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private AkSkSigner() {}

  public static String sdkDate(Instant instant) {
    return SDK_DATE.format(instant);
  }

  /**
   * @param uri the request URI, its path and query as they go on the wire (percent-encoded)
   * @param headers the headers to sign, by name; must hold X-Sdk-Date
   * @return the Authorization header value
   */
  public static String authorization(
      String accessKey,
      String secretKey,
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body) {
    SortedMap<String, String> signed = new TreeMap<>();
    headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.trim()));
    String date = signed.get("x-sdk-date");
    if (date == null) {
      throw new IllegalArgumentException("X-Sdk-Date must be among the signed headers");
    }
    String signedHeaders = String.join(";", signed.keySet());
    String canonicalRequest =
        method.toUpperCase(Locale.ROOT)
            + "\n"
            + canonicalUri(uri.getRawPath())
            + "\n"
            + canonicalQuery(uri.getRawQuery())
            + "\n"
            + signed.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining())
            + "\n"
            + signedHeaders
            + "\n"
            + hex(sha256(body == null ? new byte[0] : body));
    String stringToSign =
        ALGORITHM
            + "\n"
            + date
            + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    return ALGORITHM
        + " Access="
        + accessKey
        + ", SignedHeaders="
        + signedHeaders
        + ", Signature="
        + hex(hmacSha256(secretKey, stringToSign));
  }

  /** Each path segment percent-encoded (RFC 3986), and always a trailing slash. */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      segments.add(percentEncode(percentDecode(segment)));
    }
    String joined = String.join("/", segments);
    return joined.endsWith("/") ? joined : joined + "/";
  }

  /** name=value pairs percent-encoded, sorted by name then value; a bare name keeps its '='. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      String[] nameValue = part.split("=", 2);
      pairs.add(
          new String[] {
            percentEncode(percentDecode(nameValue[0])),
            percentEncode(percentDecode(nameValue.length > 1 ? nameValue[1] : ""))
          });
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
  }

  static String percentEncode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Decodes %XY; unlike form decoding, '+' stays '+'. */
  static String percentDecode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmacSha256(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
