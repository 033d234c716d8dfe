package dev.operator.dli.controlplane;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The TCP sockets a process listens on, read from Linux's /proc. */
final class ListeningSockets {
  /** One listening socket: its local address and port. */
  record Listener(InetAddress address, int port) {}

  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  static List<Listener> of(long pid) throws IOException {
    Set<String> inodes = socketInodes(pid);
    List<Listener> listeners = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (Map.Entry<String, Listener> entry : listenersByInode(pid, table).entrySet()) {
        if (inodes.contains(entry.getKey())) {
          listeners.add(entry.getValue());
        }
      }
    }
    return listeners;
  }

  /** The inodes of the process's open sockets: its fds link to "socket:[INODE]". */
  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue;
        }
        if (target.startsWith("socket:[")) {
          inodes.add(target.substring("socket:[".length(), target.length() - 1));
        }
      }
    }
    return inodes;
  }

  /**
   * /proc/PID/net/tcp and tcp6: "sl local_address rem_address st ... inode", addresses as hex
   * ADDRESS:PORT with the address in the kernel's (little-endian) 32-bit words.
   */
  private static Map<String, Listener> listenersByInode(long pid, String table) throws IOException {
    Map<String, Listener> listeners = new HashMap<>();
    List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.trim().split("\\s+");
      if (fields[3].equals(LISTEN)) {
        String[] local = fields[1].split(":");
        listeners.put(fields[9], new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
      }
    }
    return listeners;
  }

  private static InetAddress address(String hex) throws IOException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = word * 8 + (3 - i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
