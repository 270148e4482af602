package io.blockline.block;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The block diagram of {@code docs/state-machine.md} draws exactly the edges of {@link BlockStatus#next()}. */
class StateMachineDocTest {
  private static final Pattern EDGE = Pattern.compile("^\\s*(\\S+)\\s*-->\\s*([^\\s:]+)\\s*(:.*)?$");

  @Test
  void the_block_diagram_and_the_transition_table_have_the_same_edges() throws IOException {
    Set<String> table = new HashSet<>();
    for (BlockStatus from : BlockStatus.values()) {
      from.next().forEach(to -> table.add(from + " -> " + to));
    }
    assertThat(diagramEdges()).containsExactlyInAnyOrderElementsOf(table);
  }

  /** The edges between two states of the first mermaid diagram after "## Block"; [*] edges are left out. */
  private static List<String> diagramEdges() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("docs/state-machine.md"));
    int start = lines.indexOf("## Block");
    assertThat(start).as("a \"## Block\" section").isNotNegative();
    int open = lines.subList(start, lines.size()).indexOf("```mermaid") + start;
    int close = lines.subList(open + 1, lines.size()).indexOf("```") + open + 1;
    assertThat(open).as("its mermaid diagram").isGreaterThan(start);
    Set<String> states = new HashSet<>(Arrays.stream(BlockStatus.values()).map(Enum::name).toList());
    List<String> edges = new ArrayList<>();
    for (String line : lines.subList(open + 1, close)) {
      if (!line.contains("-->")) {
        continue;
      }
      Matcher m = EDGE.matcher(line);
      assertThat(m.matches()).as("an edge: %s", line).isTrue();
      String from = m.group(1);
      String to = m.group(2);
      if (from.equals("[*]") || to.equals("[*]")) {
        continue;
      }
      assertThat(states).as("states of %s", line).contains(from, to);
      edges.add(from + " -> " + to);
    }
    return edges;
  }
}
