package dev.operator.dli.service;

import dev.operator.dli.api.DliJobSpec;
import dev.operator.dli.client.wire.SqlJob;
import dev.operator.dli.client.wire.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a DLI job is found again from its DliJob after a crash: a SQL job by the tags {@value #TAG}
 * (the resource's UID) and {@value #ATTEMPT_TAG}, a Spark batch, which has no tags, by its name
 * {@code <name>-<uid>} ({@code <name>-<uid>-<n>} from attempt 2 on), a Flink job (one attempt only)
 * by both name and tag (its list shows no tags). Attempt 1 is named as before retries, and its
 * lookup also takes a SQL job without the attempt tag, so that an operator upgraded in the middle
 * of a submission finds the job its predecessor submitted.
 */
public final class Correlation {
  public static final String TAG = "dli-operator-uid";
  public static final String ATTEMPT_TAG = "dli-operator-attempt";

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

  /** The user's tags, sorted, then the correlation tags of this attempt. */
  static List<Tag> tags(Map<String, String> userTags, String uid, int attempt) {
    List<Tag> tags = tags(userTags, uid);
    tags.add(new Tag(ATTEMPT_TAG, String.valueOf(attempt)));
    return tags;
  }

  /** Whether a SQL job is this attempt's: tagged with it, or, for attempt 1, with no attempt. */
  static boolean isAttempt(SqlJob found, String uid, int attempt) {
    return found.hasTag(TAG, uid)
        && (found.hasTag(ATTEMPT_TAG, String.valueOf(attempt))
            || attempt == 1 && !found.hasTagKey(ATTEMPT_TAG));
  }

  /**
   * The DLI batch's name: the spec's name or the resource's, then the UID that makes it ours, then
   * the attempt from attempt 2 on.
   */
  static String batchName(DliJobSpec spec, String resourceName, String uid, int attempt) {
    String base = spec.getSpark().getName() != null ? spec.getSpark().getName() : resourceName;
    String suffix = "-" + uid + (attempt == 1 ? "" : "-" + attempt);
    int room = MAX_BATCH_NAME - suffix.length();
    return (base.length() > room ? base.substring(0, room) : base) + suffix;
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
