// A sweep worker: runs each job the parent posts and answers with its summary (or its error).
import { parentPort } from 'node:worker_threads';
import { runJob, type JobMessage } from './sweep.js';

if (!parentPort) throw new Error('sweep-worker-main.ts runs only as a worker thread (started by runSweep)');
const port = parentPort;
port.on('message', (msg: JobMessage) => {
  void runJob(msg).then((reply) => port.postMessage(reply));
});
