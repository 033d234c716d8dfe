package dev.operator.dli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operator.dli.client.Budget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which connection's call goes next on the shared workers. Each queue is written {@code
 * waiting:underWay:budget:lastTurn}, its budget (100 requests/s, on a clock that does not move)
 * {@code ready}, {@code spent} (its burst taken: the next permit in 10 ms) or {@code retryAfter} (a
 * 429 with Retry-After 5 s); every connection may have 4 calls under way.
 */
class NextCallTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @ParameterizedTest(name = "[{0}] free {1}, reserve {2} -> {3}: {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2:0:ready:0 2:0:ready:0          | 4 | 1 | run 0     | the first of equals",
        "2:1:ready:0 2:0:ready:5          | 4 | 1 | run 1     | fewest calls under way first",
        "2:0:ready:7 2:0:ready:3          | 4 | 1 | run 1     | then the one served longest ago",
        "0:0:ready:0 3:0:ready:9          | 4 | 1 | run 1     | a queue with nothing waiting",
        "2:0:retryAfter:0 2:0:ready:9     | 4 | 1 | run 1     | a throttled connection holds no worker",
        "2:0:retryAfter:0 2:0:spent:0     | 4 | 1 | wait 10   | no permit anywhere: the soonest",
        "2:0:retryAfter:0                 | 4 | 1 | wait 5000 | Retry-After is waited out by nobody",
        "2:4:ready:0 1:0:spent:0          | 4 | 1 | wait 10   | at its calls at once",
        "2:4:ready:0                      | 4 | 1 | idle      | at its calls at once, alone",
        "2:3:ready:0 2:0:ready:9          | 1 | 1 | run 1     | the reserve goes to one with none under way",
        "2:3:ready:0                      | 1 | 1 | idle      | a slow connection never takes the reserve",
        "2:3:ready:0                      | 2 | 1 | run 0     | but what lies beyond it",
        "2:0:ready:0                      | 1 | 0 | run 0     | no reserve in a small pool",
        "2:0:ready:0                      | 0 | 1 | idle      | no free worker",
        "0:0:ready:0 0:2:spent:0          | 4 | 1 | idle      | nothing waits"
      })
  void choosesTheNextCall(String queues, int free, int reserve, String expected, String why) {
    NextCall.Choice choice = NextCall.choose(parse(queues), free, reserve);
    assertThat(describe(choice)).as(why).isEqualTo(expected);
  }

  private List<NextCall.Queue> parse(String queues) {
    List<NextCall.Queue> parsed = new ArrayList<>();
    for (String queue : queues.trim().split("\\s+")) {
      String[] f = queue.split(":");
      parsed.add(
          new NextCall.Queue(
              Integer.parseInt(f[0]),
              Integer.parseInt(f[1]),
              4,
              budget(f[2]).untilPermit(),
              Long.parseLong(f[3])));
    }
    return parsed;
  }

  private Budget budget(String state) {
    Budget budget = new Budget("test", 100, nanos::get);
    switch (state) {
      case "ready" -> {}
      case "spent" -> {
        while (budget.tryTake().isZero()) {
          // take the burst
        }
      }
      case "retryAfter" -> budget.throttled("throttled", Duration.ofSeconds(5));
      default -> throw new IllegalArgumentException(state);
    }
    return budget;
  }

  private static String describe(NextCall.Choice choice) {
    if (choice instanceof NextCall.Run run) {
      return "run " + run.queue();
    }
    if (choice instanceof NextCall.WaitFor wait) {
      return "wait " + wait.time().toMillis();
    }
    return "idle";
  }
}
