/**
 * A small HTTP client for fault tests, on node:http with a keep-alive agent: what the server
 * answered (status, headers, body) or that it did not answer at all — the difference a fault
 * test is about. Sessions are ordinary sign-ins (POST /api/v1/session); they live in the
 * database, so they outlast a restart of the server.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Session { readonly username: string; readonly cookie: string; readonly csrf: string }

/** An answer the server gave in full. */
export interface Answer { readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: string }

/** No complete answer: the connection was refused, reset, or closed before the response ended. */
export class NoAnswer extends Error {
  constructor(readonly method: string, readonly path: string, cause: unknown) {
    super(`${method} ${path}: no answer (${(cause as Error)?.message ?? String(cause)})`, { cause });
    this.name = 'NoAnswer';
  }
}

export interface RequestOptions {
  readonly session?: Session | undefined;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Give up (NoAnswer) after this long; default 60 s. */
  readonly timeoutMs?: number;
}

export class Api {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(base: string, sockets = 16) {
    this.base = new URL(base);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** Resolves with the server's complete answer, whatever its status; rejects with NoAnswer otherwise. */
  request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string | number> = { accept: 'application/json', ...options.headers };
    if (options.session) {
      headers.cookie = options.session.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = options.session.csrf;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => reject(new NoAnswer(method, path, error));
      const req = httpRequest({ agent: this.agent, host: this.base.hostname, port: this.base.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        // A response cut off midway never reaches 'end' with `complete` set.
        res.on('end', () => (res.complete
          ? resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
          : fail(new Error('response cut off'))));
        res.on('aborted', () => fail(new Error('response aborted')));
      });
      req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error('timed out')));
      req.on('error', fail);
      req.end(body);
    });
  }

  /** GET that must answer 200; its JSON. */
  async getJson<T>(path: string, session?: Session): Promise<T> {
    const answer = await this.request('GET', path, { session });
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
    return JSON.parse(answer.body) as T;
  }

  /** Signs in with a username and password; the session's cookie and CSRF token. */
  async signIn(username: string, password: string): Promise<Session> {
    const answer = await this.request('POST', '/api/v1/session', { body: { username, password } });
    if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status} ${answer.body.slice(0, 300)}`);
    const setCookie = answer.headers['set-cookie'] ?? [];
    const cookie = setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('gb_session='));
    if (!cookie) throw new Error(`sign-in of ${username}: no session cookie in ${JSON.stringify(setCookie)}`);
    const { csrfToken } = JSON.parse(answer.body) as { csrfToken: string };
    return { username, cookie, csrf: csrfToken };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` over `items` with at most `limit` at once; results in the items' order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  }));
  return results;
}
