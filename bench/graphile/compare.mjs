// scripts/bench --compare: Blockline's workloads run on graphile-worker, on the same PostgreSQL,
// with the batching settings graphile-worker's performance page documents (local queue, batched
// completions). One JSON line per workload, with the ratio of Blockline's figure from the same
// bench run (target/bench/latest.jsonl) to the peer's (above 1: Blockline ahead).
//
// backlog and stream always run (--jobs each); fanout, bulk and latency run when the bench run
// holds Blockline's fanout-http, bulk-http or latency line, at that line's size.
//
//   node compare.mjs --connection postgresql://… --blockline target/bench/latest.jsonl
//                    [--jobs 100000] [--stream-batch 500] [--clients 16] [--concurrency 10]
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

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

// A connection per caller, as Blockline's bench clients each have theirs (the default pool is 10).
const utils = await makeWorkerUtils({ connectionString, logger, maxPoolSize: clients });
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
async function drained(started, succeeded, count = jobs) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));
  while (succeeded() < count || (await remaining()) > 0) {
    if (Date.now() - started > DEADLINE_MS) throw new Error("graphile-worker did not drain within 15 minutes");
    await pause();
  }
  return (Date.now() - started) / 1000;
}

function batch(size) {
  return Array.from({ length: size }, () => ({ identifier: TASK, payload: {} }));
}

/** Callers waiting for their job to have run (latency), by the number in its payload. */
const waiting = new Map();

async function startRunner() {
  let succeeded = 0;
  const noop = async (payload) => {
    if (payload?.i !== undefined) waiting.get(payload.i)?.(performance.now());
  };
  const runner = await run({ connectionString, logger, noHandleSignals: true, preset, taskList: { [TASK]: noop } });
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
  return { seconds, succeeded: succeeded(), n: jobs };
}

/**
 * Jobs added by {@code add} while the runner runs, timed from the first add to the last
 * completion: the end-to-end workloads (stream, fanout, bulk).
 */
async function whileRunning(count, add) {
  const { runner, succeeded } = await startRunner();
  const started = Date.now();
  await add();
  const seconds = await drained(started, succeeded, count);
  await runner.stop();
  return { seconds, succeeded: succeeded(), n: count };
}

/** {@code count} concurrent callers, each calling {@code add} with {@code next()}'s size until it gives 0. */
function callers(count, next, add) {
  const caller = async () => {
    for (let size = next(); size > 0; size = next()) {
      await add(size);
    }
  };
  return Promise.all(Array.from({ length: count }, caller));
}

/** Batches of 500 added by 16 clients while the runner runs: Blockline's stream, end to end. */
function stream() {
  let left = jobs;
  return whileRunning(jobs, () => callers(clients, () => {
    const size = Math.min(streamBatch, left);
    left -= size;
    return size;
  }, (size) => utils.addJobs(batch(size))));
}

/** One job per call from as many callers as fanout-http has, while the runner runs: its figure end to end. */
function fanout(line) {
  let left = line.n;
  return whileRunning(line.n, () => callers(line.concurrency, () => (left-- > 0 ? 1 : 0),
    () => utils.addJob(TASK, {})));
}

/** Blockline's bulk-http: its sessions as batches of jobs, all added at once while the runner runs. */
function bulk(line) {
  const { n, sessions } = line;
  return whileRunning(n, () => Promise.all(Array.from({ length: sessions }, (_, i) =>
    utils.addJobs(batch(Math.floor(n / sessions) + (i < n % sessions ? 1 : 0))))));
}

/**
 * Blockline's latency: on an idle runner, one job at a time, each added once the one before has
 * run; each timed from the call that adds it to the end of its task, before its completion is
 * written (Blockline's sent_done: from the POST's send to its block's finished_at, the start of
 * the transaction that writes the completion). A tenth as many first, not timed.
 */
async function latency(line) {
  const count = line.n;
  const { runner, succeeded } = await startRunner();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const times = [];
  const warmup = Math.max(1, Math.floor(count / 10));
  const started = Date.now();
  for (let i = 0; i < warmup + count; i++) {
    const ran = new Promise((resolve) => waiting.set(i, resolve));
    const sent = performance.now();
    await utils.addJob(TASK, { i });
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`job ${i} did not run within 10 s`)), 10_000);
    });
    const done = await Promise.race([ran, late]).finally(() => clearTimeout(timer));
    waiting.delete(i);
    if (i >= warmup) times.push(done - sent);
  }
  await drained(started, succeeded, warmup + count);
  await runner.stop();
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { seconds: (Date.now() - started) / 1000, succeeded: succeeded() - warmup, n: count,
    p50_ms: at(0.5), p99_ms: at(0.99) };
}

function blockline(scenario) {
  try {
    return readFileSync(args.blockline, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
      .find((r) => r.scenario === scenario && r.ok);
  } catch {
    return undefined;
  }
}

const round = (x, digits) => Number(x.toFixed(digits));

// Throughput workloads: backlog and stream always (at --jobs), the others when Blockline ran theirs.
for (const [workload, scenario, measure, always] of [["backlog", "backlog", backlog, true],
  ["stream", "stream", stream, true], ["fanout", "fanout-http", fanout, false], ["bulk", "bulk-http", bulk, false]]) {
  const ours = blockline(scenario);
  if (!ours && !always) continue;
  const { seconds, succeeded, n } = await measure(ours);
  const perS = n / seconds;
  console.log(JSON.stringify({
    scenario: `compare-${workload}`, peer: `graphile-worker ${version}`, n, concurrency,
    callers: always ? undefined : ours.concurrency,
    seconds: round(seconds, 3), jobs_per_s: round(perS, 1), succeeded,
    blockline_blocks_per_s: ours?.blocks_per_s ?? null,
    ratio: ours ? round(ours.blocks_per_s / perS, 2) : null,
  }));
}

const ourLatency = blockline("latency");
if (ourLatency) {
  const { seconds, succeeded, n, p50_ms, p99_ms } = await latency(ourLatency);
  const ours = { p50: ourLatency.sent_done_p50_ms, p99: ourLatency.sent_done_p99_ms };
  console.log(JSON.stringify({
    scenario: "compare-latency", peer: `graphile-worker ${version}`, n, concurrency,
    seconds: round(seconds, 3), succeeded, p50_ms: round(p50_ms, 3), p99_ms: round(p99_ms, 3),
    blockline_p50_ms: ours.p50, blockline_p99_ms: ours.p99,
    // Above 1: Blockline's wait is the shorter.
    ratio: round(p50_ms / ours.p50, 2), ratio_p99: round(p99_ms / ours.p99, 2),
  }));
}
await utils.release();
