/**
 * Rate-limit counters kept in the database, so that every server process behind the load
 * balancer counts against the same limit (an in-memory counter per process would allow N
 * times the attempts with N processes).
 */
import { DomainError, RateLimitedError } from '@giaoban/core';
import { rateLimitsRepository, type RateLimitHit } from '@giaoban/db';
import type { ServiceContext } from '../infra/index.ts';

export interface AttemptCounter {
  /** Counts one attempt of each key in its window of `windowMs`, in the order given. */
  hit(keys: readonly string[], windowMs: number): Promise<RateLimitHit[]>;
  /** Takes back the attempt just counted under each key. */
  release(keys: readonly string[]): Promise<void>;
}

/** Sweeps ended windows at most once per `sweepEveryMs` per process, beside a hit. */
export function createAttemptCounter(ctx: ServiceContext, options: { sweepEveryMs?: number } = {}): AttemptCounter {
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  let lastSweep = 0;
  return Object.freeze({
    async hit(keys: readonly string[], windowMs: number) {
      const result = await rateLimitsRepository.hitMany(ctx.db, keys, windowMs);
      const now = ctx.now().getTime();
      if (now - lastSweep >= sweepEveryMs) {
        lastSweep = now;
        // Housekeeping only: a failed sweep is retried at the next one.
        await rateLimitsRepository.removeExpired(ctx.db).catch(() => 0);
      }
      return result;
    },
    release: (keys: readonly string[]) => rateLimitsRepository.release(ctx.db, keys),
  });
}

export interface SignInLimits {
  /** Failed attempts per address and username in a window. */
  readonly max: number;
  /** Failed attempts per address, whatever the username (guessing across many accounts). */
  readonly addressMax: number;
  readonly windowMs: number;
}

/**
 * Runs one sign-in attempt under the limits. Only failures count: the attempt is counted
 * before the password is checked (so concurrent guesses cannot all slip under the limit) and
 * taken back when it succeeds, is refused for the limit, or fails for another reason. Over
 * either limit, the attempt is refused with how many minutes to wait.
 */
export async function limitSignIn<T>(
  counter: AttemptCounter, limits: SignInLimits, who: { ip: string; username: string }, attempt: () => Promise<T>,
): Promise<T> {
  const keys = [`sign-in|${who.ip}|${who.username.trim().toLowerCase()}`, `sign-in|${who.ip}`];
  const [pair, address] = await counter.hit(keys, limits.windowMs);
  const over = [pair!.count > limits.max ? pair : null, address!.count > limits.addressMax ? address : null]
    .filter((h): h is RateLimitHit => h !== null);
  if (over.length > 0) {
    await counter.release(keys);
    throw signInLimited(Math.max(...over.map((h) => h.ttlMs)));
  }
  let result: T;
  try {
    result = await attempt();
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'invalid_credentials')) await counter.release(keys);
    throw error;
  }
  await counter.release(keys);
  return result;
}

function signInLimited(ttlMs: number): DomainError {
  const minutes = Math.max(1, Math.ceil(ttlMs / 60_000));
  return new RateLimitedError(`Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
    `Too many failed sign-ins. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, Math.max(1, Math.ceil(ttlMs / 1000)));
}
