/**
 * The deadline storm's clients, in a Node process of their own: the server under measurement
 * keeps its process to itself, so fetch and JSON on the client side are not charged to it (the
 * machine's cores are still shared with the server and the database).
 *
 * The benchmark calls stormInChildProcess(job); it forks this file, which then runs as the
 * child: it receives the submissions (prepared by the parent, chunk by chunk), sends them with
 * `Prefer: return=minimal` (RFC 7240: 204 No Content instead of the report view, which nobody
 * reads here), and answers with each request's latency. Two ways of sending:
 * - closed: `clients` concurrent loops, each sending its next request when the last is answered.
 *   The server is never idle: this measures how many it can take (its capacity). The latency is
 *   then the clients' number ÷ the rate (Little's law), whatever the server does.
 * - paced (`pace` per second): request i leaves at i ÷ pace seconds, answered or not, as units
 *   submitting on their own would (an open arrival process). This measures the latency at that
 *   rate; it is counted from when the request was due to leave, so a client falling behind (or
 *   a server that cannot keep up) shows in it rather than hiding in a slower pace.
 */
import { fork } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One submission, ready to send: the path under `base`, its session, its JSON body. */
export interface StormRequest { readonly path: string; readonly cookie: string; readonly csrf: string; readonly body: string }
/** `pace` (requests per second) sends paced; otherwise `clients` closed loops. */
export interface StormJob { readonly base: string; readonly clients: number; readonly pace?: number | undefined; readonly requests: readonly StormRequest[] }
/**
 * Latencies (ms) of the successful requests; wallMs from the first request to the last answer;
 * cpuMs the CPU time (user + system) the clients' process spent meanwhile.
 */
export interface StormResult { readonly latencies: number[]; readonly errors: number; readonly firstError: string | null; readonly wallMs: number; readonly cpuMs: number }

type ToChild = { type: 'requests'; requests: StormRequest[] } | { type: 'start'; base: string; clients: number; pace: number | null };
type ToParent = { type: 'ready' } | { type: 'result'; result: StormResult };

/** Requests per IPC message: a few MB each, whatever the number of units. */
const CHUNK = 2_000;

// ---------------------------------------------------------------------------------------------
// Parent side

/** Runs the storm in a forked process; rejects if the child dies before answering, kills it on any failure. */
export async function stormInChildProcess(job: StormJob): Promise<StormResult> {
  // The child runs TypeScript through tsx, resolved from here rather than from the working directory.
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: 'inherit' });
  try {
    return await new Promise<StormResult>((resolve, reject) => {
      child.on('error', (error) => reject(new Error(`storm client (pid ${child.pid}): ${error.message}`)));
      child.on('close', (code, signal) => reject(new Error(`storm client (pid ${child.pid}) exited (${signal ?? `code ${code}`}) before sending its result`)));
      child.on('message', (message: ToParent) => {
        if (message.type === 'result') resolve(message.result);
        else sendJob(child, job).catch(reject);
      });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

async function sendJob(child: ReturnType<typeof fork>, job: StormJob): Promise<void> {
  const send = (message: ToChild) => new Promise<void>((resolve, reject) => {
    child.send(message, (error) => (error ? reject(error) : resolve()));
  });
  for (let i = 0; i < job.requests.length; i += CHUNK) await send({ type: 'requests', requests: job.requests.slice(i, i + CHUNK) });
  await send({ type: 'start', base: job.base, clients: job.clients, pace: job.pace ?? null });
}

// ---------------------------------------------------------------------------------------------
// Child side

/**
 * Sends one submission over the clients' keep-alive agent. node:http rather than fetch:
 * fetch spent about twice the CPU per request, on the cores the server and the database share.
 */
function submit(agent: Agent, base: URL, request: StormRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      agent, host: base.hostname, port: base.port, method: 'POST', path: `${base.pathname.replace(/\/$/, '')}${request.path}`,
      headers: {
        cookie: request.cookie, 'x-csrf-token': request.csrf, 'content-type': 'application/json', accept: 'application/json',
        prefer: 'return=minimal', 'content-length': Buffer.byteLength(request.body),
      },
    }, (res) => {
      // Read to the end either way: the latency is the whole answer.
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status === 200 || status === 204) resolve();
        else reject(new Error(`${status} ${Buffer.concat(chunks).toString().slice(0, 200)}`));
      });
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Sends every request of `queue` (closed loops, or paced); the latencies, errors and CPU time of it all. */
async function storm(base: string, clients: number, pace: number | null, queue: readonly StormRequest[]): Promise<StormResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  // Paced: as many connections as requests are in flight at once (a unit does not wait for another's answer).
  const agent = new Agent({ keepAlive: true, maxSockets: pace === null ? clients : Infinity });
  const url = new URL(base);
  /** Sends one request; its latency counts from `since`. */
  const send = async (request: StormRequest, since: number) => {
    try {
      await submit(agent, url, request);
      latencies.push(performance.now() - since);
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  if (pace === null) {
    let next = 0;
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < queue.length) await send(queue[next++]!, performance.now());
    }));
  } else {
    await paced(queue.length, pace, t0, (i, due) => send(queue[i]!, due));
  }
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { latencies, errors, firstError, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Calls `send(i, due)` for i = 0 … n − 1 at `t0` + i ÷ `pace` seconds (`due`), every request due
 * by now at each wake-up (timers are not punctual to the millisecond), without waiting for
 * answers; resolves when every send has settled.
 */
async function paced(n: number, pace: number, t0: number, send: (i: number, due: number) => Promise<void>): Promise<void> {
  const dueOf = (i: number) => t0 + (i * 1000) / pace;
  const inFlight: Promise<void>[] = [];
  let next = 0;
  while (next < n) {
    const now = performance.now();
    while (next < n && dueOf(next) <= now) {
      inFlight.push(send(next, dueOf(next)));
      next++;
    }
    if (next < n) await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueOf(next) - performance.now())));
  }
  await Promise.all(inFlight);
}

function runAsChild(): void {
  const queue: StormRequest[] = [];
  const reply = (message: ToParent, then?: () => void) => process.send!(message, undefined, {}, () => then?.());
  // The parent died or gave up: nobody is waiting for the result.
  process.on('disconnect', () => process.exit(1));
  process.on('message', (message: ToChild) => {
    if (message.type === 'requests') {
      for (const r of message.requests) queue.push(r);
      return;
    }
    storm(message.base, message.clients, message.pace, queue).then(
      // Exit once the result is written: the keep-alive sockets would hold the process open.
      (result) => reply({ type: 'result', result }, () => process.exit(0)),
      (error: unknown) => {
        console.error('storm client:', error);
        process.exit(1);
      },
    );
  });
  reply({ type: 'ready' });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.send) runAsChild();
