import { DomainError, type FieldIssue } from '@giaoban/core';

export interface FieldError {
  readonly field: string;
  readonly message: string;
  readonly messageEn: string;
  /** 'outlier': the figure is accepted once confirmed with an explanation. */
  readonly kind?: 'outlier' | undefined;
}

/**
 * Collects every bad field of one request before anything is written, so the user sees all
 * of them at once; `throwIfAny` raises one validation error carrying the whole list.
 */
export class FieldErrors {
  readonly #errors: FieldError[] = [];

  /**
   * Runs `check`; a DomainError it throws becomes an error of `field` instead of escaping.
   * The caller's path wins: a helper such as parseNumber only knows a generic field ('value').
   * With `field` null the error keeps its own path (a check that was given the full path).
   */
  capture<T>(field: string | null, check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const own = typeof error.details.field === 'string' ? error.details.field : '';
      this.add(field ?? own, error.message, String(error.details.messageEn ?? error.message));
      return undefined;
    }
  }

  add(field: string, message: string, messageEn: string, kind?: FieldError['kind']): void {
    this.#errors.push({ field, message, messageEn, ...(kind ? { kind } : {}) });
  }

  /** Adds a data-quality finding of core (quality.ts). */
  addIssue(issue: FieldIssue, kind?: FieldError['kind']): void {
    this.add(issue.field, issue.message, issue.messageEn, kind);
  }

  get size(): number {
    return this.#errors.length;
  }

  throwIfAny(): void {
    const [first] = this.#errors;
    if (!first) return;
    throw new DomainError('validation', first.message, { field: first.field, messageEn: first.messageEn, fields: [...this.#errors] });
  }
}
