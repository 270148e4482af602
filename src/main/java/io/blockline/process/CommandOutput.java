package io.blockline.process;

import io.vertx.core.json.JsonObject;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * Reads what a run's process wrote: the tail of each stream (its last 4 KiB), sizes and
 * truncated flags for the block view and the run's result, and pages of a whole stream for
 * {@code GET /v1/blocks/{token}/output}. Blocking file reads: call them on a worker thread.
 */
public final class CommandOutput {
  public static final int TAIL_BYTES = 4_096;
  public static final int MAX_PAGE_BYTES = 1_048_576;

  private CommandOutput() {
  }

  /** The run's result or error details: {@code exitCode} (when known), {@code stdoutTail}, {@code stderrTail}. */
  static JsonObject details(RunDirectory dir, Integer exitCode) {
    JsonObject details = new JsonObject();
    if (exitCode != null) {
      details.put("exitCode", exitCode);
    }
    return details.put("stdoutTail", tail(dir, RunDirectory.STDOUT)).put("stderrTail", tail(dir, RunDirectory.STDERR));
  }

  /** The block view's {@code output}: per stream its size in bytes, whether it hit the cap, and its tail. */
  public static JsonObject summary(RunDirectory dir) {
    JsonObject output = new JsonObject();
    for (String stream : new String[] {RunDirectory.STDOUT, RunDirectory.STDERR}) {
      output.put(stream, new JsonObject().put("bytes", size(dir, stream)).put("truncated", truncated(dir, stream))
          .put("tail", tail(dir, stream)));
    }
    return output;
  }

  /**
   * Up to {@code limit} bytes of a stream from {@code offset}, as text cut at a character
   * boundary: {@code {stream, offset, nextOffset, bytes, truncated, data}}; {@code nextOffset}
   * equals {@code bytes} once everything written so far was read.
   */
  public static JsonObject page(RunDirectory dir, String stream, long offset, int limit) {
    long size = size(dir, stream);
    byte[] data = read(dir, stream, offset, (int) Math.max(0, Math.min(limit, size - offset)));
    int whole = Utf8.endOfWholeCharacters(data, data.length);
    // A page too small for one character still moves on (by its bytes), so a reader always advances.
    int length = offset + data.length < size && whole > 0 ? whole : data.length;
    return new JsonObject().put("stream", stream).put("offset", offset).put("nextOffset", offset + length)
        .put("bytes", size).put("truncated", truncated(dir, stream))
        .put("data", new String(data, 0, length, StandardCharsets.UTF_8));
  }

  static String tail(RunDirectory dir, String stream) {
    long size = size(dir, stream);
    long from = Math.max(0, size - TAIL_BYTES);
    byte[] bytes = read(dir, stream, from, (int) (size - from));
    int start = from == 0 ? 0 : Utf8.startOfCharacter(bytes, 0, bytes.length);
    return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
  }

  static long size(RunDirectory dir, String stream) {
    try {
      return Files.size(dir.stream(stream));
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dir.stream(stream), e);
    }
  }

  static boolean truncated(RunDirectory dir, String stream) {
    return Files.exists(dir.truncatedFlag(stream));
  }

  private static byte[] read(RunDirectory dir, String stream, long offset, int length) {
    if (length <= 0) {
      return new byte[0];
    }
    try (RandomAccessFile file = new RandomAccessFile(dir.stream(stream).toFile(), "r")) {
      file.seek(offset);
      byte[] bytes = new byte[length];
      int read = 0;
      while (read < length) {
        int n = file.read(bytes, read, length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      return read == length ? bytes : Arrays.copyOf(bytes, read);
    } catch (FileNotFoundException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dir.stream(stream), e);
    }
  }
}
