// A simulation worker thread: keeps the current job set and runs the chunk tasks it is sent.
import { parentPort } from 'node:worker_threads';
import { runTask, type McJobs, type Task } from './runner.ts';

let current: { id: number; jobs: McJobs } | undefined;

parentPort!.on('message', (m: { type: 'job'; id: number; jobs: McJobs } | { type: 'task'; id: number; index: number; task: Task }) => {
  if (m.type === 'job') {
    current = { id: m.id, jobs: m.jobs };
    return;
  }
  try {
    if (!current || current.id !== m.id) throw new Error(`task for unknown job ${m.id}`);
    const result = runTask(current.jobs, m.task);
    const transfer = result instanceof Float64Array ? [result.buffer] : [result.gateCounts.buffer, result.harmCounts.buffer];
    parentPort!.postMessage({ index: m.index, result }, transfer as ArrayBuffer[]);
  } catch (e) {
    parentPort!.postMessage({ index: m.index, error: (e as Error).message });
  }
});
