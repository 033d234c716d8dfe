package dev.operator.dli.service;

import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.client.wire.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a DLI job is found again from its DliJob after a crash: a SQL job by the tag {@value #TAG}
 * (the resource's UID), a Spark batch, which has no tags, by its name {@code <name>-<uid>}, a Flink
 * job by both (its list shows no tags).
 */
public final class Correlation {
  public static final String TAG = "dli-operator-uid";

  private static final int MAX_BATCH_NAME = 128;
  static final int MAX_FLINK_NAME = 57;

  private Correlation() {}

  /** The user's tags, sorted, then the correlation tag. */
  static List<Tag> tags(Map<String, String> userTags, String uid) {
    List<Tag> tags = new ArrayList<>();
    new TreeMap<>(userTags == null ? Map.of() : userTags)
        .forEach((k, v) -> tags.add(new Tag(k, v)));
    tags.add(new Tag(TAG, uid));
    return tags;
  }

  /** The DLI batch's name: the spec's name or the resource's, then the UID that makes it ours. */
  static String batchName(DliJobSpec spec, String resourceName, String uid) {
    String base = spec.getSpark().getName() != null ? spec.getSpark().getName() : resourceName;
    int room = MAX_BATCH_NAME - uid.length() - 1;
    return (base.length() > room ? base.substring(0, room) : base) + "-" + uid;
  }

  /**
   * The Flink job's name, deterministic and within DLI's 57 characters: the resource's name (cut to
   * 20 characters) and its UID.
   */
  static String flinkJobName(String resourceName, String uid) {
    int room = MAX_FLINK_NAME - uid.length() - 1;
    String base = resourceName.replaceAll("[^A-Za-z0-9_-]", "-");
    return (base.length() > room ? base.substring(0, room) : base) + "-" + uid;
  }
}
