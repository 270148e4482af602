package io.blockline.process;

/**
 * Byte ranges of UTF-8 text cut at character boundaries: a tail that starts inside a character
 * skips its continuation bytes, a page that ends inside one stops before it (the next page
 * starts there), so neither shows half a character as a replacement mark.
 */
final class Utf8 {
  private Utf8() {
  }

  /** The first index at or after {@code from} that does not continue a character (at most 3 skipped). */
  static int startOfCharacter(byte[] bytes, int from, int end) {
    int i = from;
    while (i < end && i < from + 3 && isContinuation(bytes[i])) {
      i++;
    }
    return i;
  }

  /**
   * Where to end a page of {@code bytes[0, length)} that the file continues after: before a
   * character whose bytes do not all fit. Unchanged when the last character is whole (or the
   * text is not UTF-8: then nothing is gained by cutting).
   */
  static int endOfWholeCharacters(byte[] bytes, int length) {
    int lead = length - 1;
    while (lead >= 0 && lead > length - 4 && isContinuation(bytes[lead])) {
      lead--;
    }
    if (lead < 0) {
      return length;
    }
    int size = sequenceLength(bytes[lead]);
    return size > 1 && lead + size > length ? lead : length;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static int sequenceLength(byte lead) {
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
  }
}
