package io.blockline.process;

import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigKey;
import io.blockline.handler.CommandPolicy;

import java.nio.file.Path;
import java.util.List;

/** The node's {@code handlers.command.*} configuration. */
public record CommandSettings(CommandPolicy policy, Path workDir, int maxConcurrent, List<String> envNames,
                              long maxOutputBytes, long killGraceMs, long staleAfterMs) {

  public static CommandSettings from(BlocklineConfig config) {
    return new CommandSettings(CommandPolicy.from(config),
        Path.of(config.string(ConfigKey.HANDLERS_COMMAND_WORK_DIR)).toAbsolutePath().normalize(),
        config.integer(ConfigKey.HANDLERS_COMMAND_MAX_CONCURRENT), config.list(ConfigKey.HANDLERS_COMMAND_ENV),
        config.longValue(ConfigKey.HANDLERS_COMMAND_MAX_OUTPUT_BYTES),
        config.longValue(ConfigKey.HANDLERS_COMMAND_KILL_GRACE_MS),
        config.longValue(ConfigKey.HANDLERS_COMMAND_STALE_AFTER_MS));
  }

  public boolean enabled() {
    return policy.enabled();
  }
}
