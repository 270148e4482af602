package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** The markdown page of a chaos run: where and when, one row per scenario, and the JSON lines as printed. */
final class Report {
  private Report() {
  }

  static String markdown(List<JsonObject> lines, String machine, String date, String commit, String args) {
    StringBuilder md = new StringBuilder()
        .append("## Chaos run of ").append(date).append(" (commit ").append(commit).append(")\n\n")
        .append("Machine: ").append(machine).append(".\n\n")
        .append("Driver arguments: `").append(args.replaceAll("--work \\S+ --out \\S+ ?", "")).append("`\n\n")
        .append("| scenario | pass | figures |\n|---|---|---|\n");
    for (JsonObject line : lines) {
      JsonObject figures = line.copy();
      figures.remove("scenario");
      figures.remove("pass");
      figures.remove("quick");
      StringBuilder cells = new StringBuilder();
      figures.forEach(e -> cells.append(cells.length() == 0 ? "" : ", ").append(e.getKey()).append(" ").append(e.getValue()));
      md.append("| ").append(line.getString("scenario")).append(" | ").append(line.getBoolean("pass") ? "yes" : "**no**")
          .append(" | ").append(cells.toString().replace("|", "/")).append(" |\n");
    }
    md.append("\n```\n");
    lines.forEach(line -> md.append(line.encode()).append('\n'));
    return md.append("```\n").toString();
  }
}
