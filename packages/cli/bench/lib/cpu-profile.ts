/**
 * A V8 CPU profile of this process (the server's, in the benchmarks) over one stretch of a
 * run, and where its time went: self time by function and by package, so "profile before
 * optimising" needs no other tool. The .cpuprofile file also opens in Chrome's DevTools.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Starts profiling; `stopInto(dir, name)` writes `<name>.cpuprofile` and `<name>.txt` (the summary) and returns the summary's path. */
export async function startCpuProfile(intervalUs = 250): Promise<{ stopInto(dir: string, name: string): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stopInto(dir, name) {
      const { profile } = await session.post('Profiler.stop') as unknown as { profile: Profile };
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      const summary = path.join(dir, `${name}.txt`);
      writeFileSync(summary, summarizeProfile(profile));
      return summary;
    },
  };
}

/** Where a frame's code lives: a workspace package, an npm package, Node itself, or V8's own work. */
function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /packages\/([^/]+)\//.exec(url);
  if (ours) return `@giaoban/${ours[1]}`;
  if (url.startsWith('node:')) return 'node';
  return url;
}

/** Self time by function (top 40) and by place, as text; idle time is left out of the shares. */
export function summarizeProfile(profile: Profile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === '(idle)') { idle += us; continue; }
    busy += us;
    const file = callFrame.url.replace(/^.*\/(node_modules|packages)\//, '');
    const fn = `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const place = placeOf(callFrame.url, callFrame.functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const line = ([name, us]: [string, number]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name}`;
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(line);
  return [
    `wall ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms, busy ${(busy / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms`,
    '', 'self time by place:', ...top(byPlace, 30),
    '', 'self time by function (top 40):', ...top(byFunction, 40), '',
  ].join('\n');
}
