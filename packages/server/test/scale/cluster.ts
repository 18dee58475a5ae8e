/**
 * Several real server processes (`giaoban serve`) on one PostgreSQL database behind nginx on
 * loopback, as issue 6's scale-out layout: each process on a free port it picks itself, nginx
 * (Debian's package) as the load balancer in the foreground with every path of its own in a
 * temporary directory. Used by the multi-process test, and by hand:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban npx tsx packages/server/test/scale/cluster.ts [processes]
 *
 * starts that many processes (default 3) and nginx, prints their addresses, and stops them all
 * on Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI = fileURLToPath(new URL('../../../cli/bin/giaoban.js', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it printed so far (for failure messages). */
  output(): string;
}

export interface Cluster {
  readonly servers: readonly ServerProcess[];
  /** nginx in front of all of them. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The nginx binary, or null when it is not installed. */
export function findNginx(): string | null {
  for (const candidate of [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Starts `giaoban serve` on a free port and resolves once it listens. */
export function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<{ process: ChildProcess; server: ServerProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child, 'SIGKILL');
      reject(new Error(`giaoban serve did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Giao Ban đang chạy: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
        resolve({ process: child, server: { url: match[1]!, pid: child.pid!, output: () => output } });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`giaoban serve exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/**
 * The nginx configuration: round robin over the processes, streams (SSE) passed unbuffered.
 * The one piece of state a process keeps in memory is a running spreadsheet import
 * (imports/import-jobs.ts), so the upload and the polling of its progress go to the process
 * chosen by the session cookie.
 */
export function nginxConfig(options: { dir: string; port: number; upstreams: readonly string[] }): string {
  const { dir } = options;
  const servers = options.upstreams.map((u) => `    server ${u};`).join('\n');
  const proxy = (upstream: string) => `proxy_pass http://${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Server-sent events must reach the browser as they are written.
      proxy_buffering off;
      proxy_read_timeout 1h;
      client_max_body_size 0;`;
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream giaoban {
${servers}
    keepalive 16;
  }
  upstream giaoban_by_session {
    hash $cookie_gb_session consistent;
${servers}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${options.port};
    location / {
      ${proxy('giaoban')}
    }
    # An import runs inside the process that received the file: poll that one.
    location ~ ^/api/v1/(imports/|campaigns/[^/]+/imports$) {
      ${proxy('giaoban_by_session')}
    }
  }
}
`;
}

/** Runs nginx in the foreground (a child of this process) and resolves once it answers. */
export async function startNginx(binary: string, upstreams: readonly string[]): Promise<{ url: string; dir: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'giaoban-nginx-'));
  // Run as root, nginx's workers drop to nobody: they must reach the temporary paths.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig({ dir, port, upstreams }));
  const child = spawn(binary, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      await stop();
      throw new Error(`nginx exited (${child.exitCode}): ${output}\n${log}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, dir, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not answer within 15 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `count` server processes on `databaseUrl` and nginx in front of them. */
export async function startCluster(options: { databaseUrl: string; count: number; nginx: string; env?: Record<string, string> }): Promise<Cluster> {
  const children: ChildProcess[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => stopChild(c, 'SIGTERM')));
  };
  try {
    // Together, as after a deploy: the migration lock and the job lease are contended for real.
    const results = await Promise.allSettled(Array.from({ length: options.count }, () =>
      startServerProcess({ DATABASE_URL: options.databaseUrl, ...options.env })));
    for (const r of results) if (r.status === 'fulfilled') children.push(r.value.process);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const started = results.map((r) => (r as PromiseFulfilledResult<{ server: ServerProcess }>).value.server);
    const nginx = await startNginx(options.nginx, started.map((s) => new URL(s.url).host));
    return {
      servers: started,
      url: nginx.url,
      async stop() {
        await nginx.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const count = Number(process.argv[2] ?? 3);
  const nginx = findNginx();
  if (!databaseUrl || !Number.isInteger(count) || count < 1 || !nginx) {
    console.error(!nginx ? 'nginx is not installed (apt-get install nginx-light)' : 'usage: DATABASE_URL=postgres://… tsx packages/server/test/scale/cluster.ts [processes]');
    process.exit(2);
  }
  const cluster = await startCluster({ databaseUrl, count, nginx });
  for (const s of cluster.servers) console.log(`process ${s.pid}: ${s.url}`);
  console.log(`nginx: ${cluster.url}  (Ctrl-C stops everything)`);
  const stop = () => void cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
