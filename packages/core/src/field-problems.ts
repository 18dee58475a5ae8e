import { DomainError, FieldProblemsError, type FieldProblem } from './errors.ts';
import type { FieldIssue } from './quality.ts';

/**
 * Collects every bad field of one request before anything is written, so the user sees all
 * of them at once; `throwIfAny` raises one `FieldProblemsError` carrying the whole list.
 *
 * @example
 * const problems = new FieldProblems();
 * problems.capture('values.tuyen-pho', () => parseNumber('abc')); // undefined, one problem recorded
 * problems.throwIfAny(); // throws FieldProblemsError with details.fields of length 1
 */
export class FieldProblems {
  readonly #problems: FieldProblem[] = [];

  /**
   * Runs `check`; a DomainError it throws becomes a problem of `field` instead of escaping.
   * The caller's path wins: a helper such as parseNumber only knows a generic field ('value').
   * With `field` null the problem keeps the error's own path (a check that was given the full path),
   * and a FieldProblemsError adds each of its problems.
   */
  capture<T>(field: string | null, check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error instanceof FieldProblemsError && field === null) {
        for (const p of error.fields) this.add(p.field, p.message, p.messageEn, p.kind);
        return undefined;
      }
      this.add(field ?? error.field ?? '', error.message, error.messageEn);
      return undefined;
    }
  }

  add(field: string, message: string, messageEn: string, kind?: FieldProblem['kind']): void {
    this.#problems.push({ field, message, messageEn, ...(kind ? { kind } : {}) });
  }

  /** Adds a data-quality finding of core (quality.ts). */
  addIssue(issue: Pick<FieldIssue, 'field' | 'message' | 'messageEn'>, kind?: FieldProblem['kind']): void {
    this.add(issue.field, issue.message, issue.messageEn, kind);
  }

  get size(): number {
    return this.#problems.length;
  }

  /** The problems so far, in the order they were found. */
  list(): readonly FieldProblem[] {
    return Object.freeze([...this.#problems]);
  }

  /** The error that refuses the request, or null when nothing is wrong. */
  toError(): FieldProblemsError | null {
    return this.#problems.length === 0 ? null : new FieldProblemsError(this.#problems);
  }

  throwIfAny(): void {
    const error = this.toError();
    if (error) throw error;
  }
}
