package io.blockline.process;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatTest {

  @Test
  void fields_count_from_the_last_parenthesis_so_a_command_name_with_spaces_and_parentheses_parses() {
    String line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    assertThat(ProcStat.parse(line)).isEqualTo(new ProcStat(4242, 'S', 4242, 4242, 987654L));
  }

  @Test
  void the_running_jvm_is_read_from_proc_and_a_pid_with_other_start_ticks_is_not_it() {
    long pid = ProcessHandle.current().pid();
    ProcStat self = ProcStat.read(pid);

    assertThat(self.pid()).isEqualTo(pid);
    assertThat(self.exited()).isFalse();
    assertThat(ProcStat.alive(pid, self.startTicks())).isTrue();
    assertThat(ProcStat.alive(pid, self.startTicks() + 1)).as("a later process with the same pid").isFalse();
  }

  @Test
  void a_pid_without_a_process_reads_as_none() {
    assertThat(ProcStat.read(Integer.MAX_VALUE)).isNull();
    assertThat(ProcStat.alive(Integer.MAX_VALUE, 1)).isFalse();
  }

  @Test
  void a_zombie_has_exited() {
    assertThat(new ProcStat(1, 'Z', 1, 1, 1).exited()).isTrue();
    assertThat(new ProcStat(1, 'S', 1, 1, 1).exited()).isFalse();
  }
}
