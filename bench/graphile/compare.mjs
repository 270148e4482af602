// scripts/bench --compare: Blockline's backlog and stream workloads run on graphile-worker, on the
// same PostgreSQL, with the batching settings graphile-worker's performance page documents
// (local queue, batched completions). One JSON line per workload, with the ratio of Blockline's
// figure from the same bench run (target/bench/latest.jsonl) to the peer's.
//
//   node compare.mjs --connection postgresql://… --blockline target/bench/latest.jsonl
//                    [--jobs 100000] [--stream-batch 500] [--clients 16] [--concurrency 10]
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import { readFileSync } from "node:fs";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const connectionString = args.connection;
const jobs = Number(args.jobs ?? 100_000);
const streamBatch = Number(args["stream-batch"] ?? 500);
const clients = Number(args.clients ?? 16);
const concurrency = Number(args.concurrency ?? 10);
const version = JSON.parse(readFileSync(new URL("./node_modules/graphile-worker/package.json", import.meta.url))).version;
const TASK = "bench_noop";
const POLL_MS = 20;
const DEADLINE_MS = 15 * 60_000;

// The documented performance configuration, at the concurrency the peer was compared at.
const preset = {
  worker: {
    concurrentJobs: concurrency,
    maxPoolSize: concurrency + 1,
    localQueue: { size: 500 },
    completeJobBatchDelay: 0,
    failJobBatchDelay: 0,
  },
};

// Warnings and errors only, on stderr: the default logs a line per job, which would cost the peer
// CPU and flood the report.
const logger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`graphile-worker ${level}: ${message}`);
});

const utils = await makeWorkerUtils({ connectionString, logger });
await utils.migrate();

async function remaining() {
  const { rows } = await utils.withPgClient((client) =>
    client.query("select count(*)::int as n from graphile_worker._private_jobs j " +
      "join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = $1", [TASK]));
  return rows[0].n;
}

/**
 * Waits for the runner to report every job done, then for the database to agree (batched
 * completions commit a moment after the event): counting the table all along would cost the
 * peer's PostgreSQL a scan every few milliseconds.
 */
async function drained(started, succeeded) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));
  while (succeeded() < jobs || (await remaining()) > 0) {
    if (Date.now() - started > DEADLINE_MS) throw new Error("graphile-worker did not drain within 15 minutes");
    await pause();
  }
  return (Date.now() - started) / 1000;
}

function batch(size) {
  return Array.from({ length: size }, () => ({ identifier: TASK, payload: {} }));
}

async function startRunner() {
  let succeeded = 0;
  const runner = await run({ connectionString, logger, noHandleSignals: true, preset,
    taskList: { [TASK]: async () => {} } });
  runner.events.on("job:success", () => { succeeded++; });
  return { runner, succeeded: () => succeeded };
}

/** 100,000 queued first, then drained: Blockline's backlog (its figure is the drain too). */
async function backlog() {
  if ((await remaining()) > 0) throw new Error("jobs of an earlier run are still queued");
  for (let added = 0; added < jobs; added += 1_000) {
    await utils.addJobs(batch(Math.min(1_000, jobs - added)));
  }
  // Statistics of the queue as autovacuum leaves them a moment after 100,000 inserts: without
  // them the peer's job fetch is planned for an empty table, and its drain measured here ranged
  // from 1,500 to 24,000 jobs/s from one run to the next (25,000-29,000 with them).
  await utils.withPgClient((client) => client.query("analyze graphile_worker._private_jobs"));
  const started = Date.now();
  const { runner, succeeded } = await startRunner();
  const seconds = await drained(started, succeeded);
  await runner.stop();
  return { seconds, succeeded: succeeded() };
}

/** Batches of 500 added by 16 clients while the runner runs: Blockline's stream, end to end. */
async function stream() {
  const { runner, succeeded } = await startRunner();
  const started = Date.now();
  let next = 0;
  const client = async () => {
    while (next < jobs) {
      const size = Math.min(streamBatch, jobs - next);
      next += size;
      await utils.addJobs(batch(size));
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = await drained(started, succeeded);
  await runner.stop();
  return { seconds, succeeded: succeeded() };
}

function blockline(scenario) {
  try {
    return readFileSync(args.blockline, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
      .find((r) => r.scenario === scenario && r.ok);
  } catch {
    return undefined;
  }
}

for (const [workload, measure] of [["backlog", backlog], ["stream", stream]]) {
  const { seconds, succeeded } = await measure();
  const perS = jobs / seconds;
  const ours = blockline(workload);
  console.log(JSON.stringify({
    scenario: `compare-${workload}`, peer: `graphile-worker ${version}`, n: jobs, concurrency,
    seconds: Number(seconds.toFixed(3)), jobs_per_s: Number(perS.toFixed(1)), succeeded,
    blockline_blocks_per_s: ours?.blocks_per_s ?? null,
    ratio: ours ? Number((ours.blocks_per_s / perS).toFixed(2)) : null,
  }));
}
await utils.release();
