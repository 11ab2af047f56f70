// Running Monte Carlo jobs: the adaptive sampling plan (fixed chunks, stop at a target interval
// width), reduction in chunk order, and two executors with identical results: in-thread
// (synchronous) and a worker-thread pool.
import { Worker } from 'node:worker_threads';
import { CHUNK_SAMPLES, staticChunk, ttcChunk, type StaticChunkResult, type StaticJob, type TtcJob } from './kernels.ts';
import { wilson } from './stats.ts';

export interface SamplingPlan {
  /** Exact number of samples (no adaptive stop). */
  samples?: number;
  /** Adaptive: stop once every tracked estimate's 95% half-width is at most this. */
  targetHalfWidth: number;
  minSamples: number;
  maxSamples: number;
}

export const DEFAULT_PLAN: SamplingPlan = { targetHalfWidth: 0.005, minSamples: 10_000, maxSamples: 1_000_000 };

export interface McJobs {
  static?: StaticJob;
  ttc?: TtcJob & { horizon: number };
}

export interface McOutcome {
  samples: number;
  /** Baseline count per gate (static job). */
  gateCounts?: Float64Array;
  /** Harm count per variant (static job). */
  harmCounts?: Float64Array;
  /** Time to harm per sample, in sample order (TTC job). */
  harmTimes?: Float64Array;
}

export type Task = { kind: 'static' | 'ttc'; chunk: number; len: number };
export type TaskResult = StaticChunkResult | Float64Array;

/** Something that runs chunk tasks of a job set and returns their results in task order. */
export interface Executor {
  run(jobs: McJobs, tasks: Task[]): TaskResult[] | Promise<TaskResult[]>;
}

export function runTask(jobs: McJobs, t: Task): TaskResult {
  return t.kind === 'static' ? staticChunk(jobs.static!, t.chunk, t.len) : ttcChunk(jobs.ttc!, t.chunk, t.len);
}

export const syncExecutor: Executor = {
  run: (jobs, tasks) => tasks.map((t) => runTask(jobs, t)),
};

/**
 * The sampling loop as a generator: yields the tasks of each round, receives their results,
 * decides the next round from the counts so far only (never from timing or thread count).
 */
function* driver(jobs: McJobs, plan: SamplingPlan, onProgress?: (done: number, target: number) => void): Generator<Task[], McOutcome, TaskResult[]> {
  const st = jobs.static, tt = jobs.ttc;
  const gateCounts = st ? new Float64Array(st.circuit.nGates) : undefined;
  const harmCounts = st ? new Float64Array(st.thresholds.length) : undefined;
  const times: Float64Array[] = [];
  let within = 0;
  let done = 0;
  let target = plan.samples ?? Math.min(plan.maxSamples, Math.max(plan.minSamples, 1));
  target = Math.max(1, target);
  for (;;) {
    const tasks: Task[] = [];
    for (let s = done; s < target; s += CHUNK_SAMPLES) {
      const chunk = s / CHUNK_SAMPLES;
      const len = Math.min(CHUNK_SAMPLES, target - s);
      if (st) tasks.push({ kind: 'static', chunk, len });
      if (tt) tasks.push({ kind: 'ttc', chunk, len });
    }
    const results = yield tasks;
    tasks.forEach((t, i) => {
      const r = results[i];
      if (t.kind === 'static') {
        const sr = r as StaticChunkResult;
        for (let g = 0; g < sr.gateCounts.length; g++) gateCounts![g] += sr.gateCounts[g];
        for (let k = 0; k < sr.harmCounts.length; k++) harmCounts![k] += sr.harmCounts[k];
      } else {
        const tr = r as Float64Array;
        times.push(tr);
        for (let i2 = 0; i2 < tr.length; i2++) if (tr[i2] <= tt!.horizon && tr[i2] !== Infinity) within++;
      }
    });
    done = target;
    onProgress?.(done, plan.samples ?? plan.maxSamples);
    if (plan.samples !== undefined || done >= plan.maxSamples) break;
    // How many samples would each tracked estimate need for the target half-width?
    let need = done;
    const needFor = (k: number) => {
      const w = wilson(k, done);
      if ((w.high - w.low) / 2 <= plan.targetHalfWidth) return done;
      const p = Math.min(Math.max(k / done, 1 / done), 1 - 1 / done);
      return Math.ceil((1.1 * 1.959963984540054 ** 2 * p * (1 - p)) / plan.targetHalfWidth ** 2);
    };
    if (st) need = Math.max(need, needFor(harmCounts![0]));
    if (tt) need = Math.max(need, needFor(within));
    if (need <= done) break;
    // Grow by at least two chunks, to the predicted need, rounded up to whole chunks.
    const next = Math.max(done + 2 * CHUNK_SAMPLES, Math.ceil(need / CHUNK_SAMPLES) * CHUNK_SAMPLES);
    target = Math.min(plan.maxSamples, next);
  }
  let harmTimes: Float64Array | undefined;
  if (tt) {
    harmTimes = new Float64Array(done);
    let o = 0;
    for (const a of times) (harmTimes.set(a, o), (o += a.length));
  }
  return { samples: done, gateCounts, harmCounts, harmTimes };
}

export function runMcSync(jobs: McJobs, plan: SamplingPlan, onProgress?: (done: number, target: number) => void): McOutcome {
  const gen = driver(jobs, plan, onProgress);
  let step = gen.next();
  while (!step.done) step = gen.next(syncExecutor.run(jobs, step.value) as TaskResult[]);
  return step.value;
}

export async function runMc(jobs: McJobs, plan: SamplingPlan, executor: Executor, onProgress?: (done: number, target: number) => void): Promise<McOutcome> {
  const gen = driver(jobs, plan, onProgress);
  let step = gen.next();
  while (!step.done) step = gen.next(await executor.run(jobs, step.value));
  return step.value;
}

// ---- worker pool ----------------------------------------------------------------------------

const WORKER_URL = new URL('./worker-entry.js', import.meta.url);

/**
 * A pool of worker threads running chunk tasks. Jobs are sent once per worker; tasks are handed out
 * one at a time (longest kind first) to whichever worker is free, and results are put back in task order.
 */
export class WorkerPool implements Executor {
  private workers: Worker[] = [];
  private jobIds = new WeakMap<McJobs, number>();
  private nextJob = 1;
  private sentJob: number[] = [];
  private busy = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      // execArgv: [] so that a parent running under the tsx CLI does not load tsx twice (slow startup);
      // worker-entry.js registers tsx itself.
      const w = new Worker(WORKER_URL, { execArgv: [] });
      w.unref();
      this.workers.push(w);
      this.sentJob.push(0);
    }
  }

  async run(jobs: McJobs, tasks: Task[]): Promise<TaskResult[]> {
    if (this.busy) throw new Error('WorkerPool.run is not re-entrant');
    this.busy = true;
    try {
      let id = this.jobIds.get(jobs);
      if (id === undefined) this.jobIds.set(jobs, (id = this.nextJob++));
      const results: TaskResult[] = new Array(tasks.length);
      // Longest tasks first (time-to-compromise chunks cost several times a reachability chunk), so
      // the last task to finish is a short one and neither worker idles at the end. Results go back
      // by task index, so the dispatch order never changes the numbers.
      const order = tasks.map((_, i) => i);
      order.sort((a, b) => (tasks[a].kind === tasks[b].kind ? a - b : tasks[a].kind === 'ttc' ? -1 : 1));
      let next = 0, finished = 0;
      await new Promise<void>((resolve, reject) => {
        if (tasks.length === 0) return resolve();
        const cleanups: (() => void)[] = [];
        const fail = (e: Error) => {
          cleanups.forEach((f) => f());
          reject(e);
        };
        const feed = (wi: number) => {
          if (next >= tasks.length) return;
          const ti = order[next++];
          const w = this.workers[wi];
          if (this.sentJob[wi] !== id) {
            w.postMessage({ type: 'job', id, jobs });
            this.sentJob[wi] = id!;
          }
          w.postMessage({ type: 'task', id, index: ti, task: tasks[ti] });
        };
        this.workers.forEach((w, wi) => {
          const onMessage = (m: { index: number; result?: TaskResult; error?: string }) => {
            if (m.error !== undefined) return fail(new Error(`simulation worker failed: ${m.error}`));
            results[m.index] = m.result!;
            finished++;
            if (finished === tasks.length) {
              cleanups.forEach((f) => f());
              resolve();
            } else feed(wi);
          };
          const onError = (e: Error) => fail(e);
          const onExit = (code: number) => fail(new Error(`simulation worker exited (status ${code})`));
          w.ref();
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
          cleanups.push(() => {
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
            w.unref();
          });
        });
        // two tasks in flight per worker, so a worker never waits for the main thread
        for (let k = 0; k < 2; k++) this.workers.forEach((_, wi) => feed(wi));
      });
      return results;
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
