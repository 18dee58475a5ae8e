/**
 * A form's problems as the pages show them: the server's refusal read into lines (each naming
 * its field, or none for the whole form), the summary's lines linked to their fields, and the
 * first message per field shown under it.
 */
import { useMemo, useState } from 'react';
import { parseDate } from '@giaoban/core';
import { ApiError, NetworkError } from '../api/client.ts';
import type { ErrorSummaryItem } from '../components/ErrorSummary.tsx';
import type { Translate } from '../i18n/language.tsx';

/** A problem of a form: the field it is about (its key in the form), or none for the whole form. */
export interface Problem {
  readonly field: string | null;
  readonly message: string;
}

/** What a person reads of a failed request: the server's message, else that the network failed. */
export function messageOf(error: unknown, t: Translate): string {
  if (error instanceof ApiError) return error.message || t('error.network');
  return error instanceof NetworkError ? t('error.network') : String(error);
}

/** The server's refusal as the form's problems: each field it names, or the message alone. */
export function problemsOf(error: unknown, t: Translate): Problem[] {
  if (error instanceof ApiError && error.fields.length > 0) {
    // A schema failure names nested paths (tags.0): the field is the first part.
    return error.fields.map(({ field, message }) => ({ field: field.split('.')[0] || null, message }));
  }
  return [{ field: null, message: messageOf(error, t) }];
}

/** The summary's lines, each a link to its field when the form has one by that name (`ids`: field → element id). */
export function summaryItems(problems: readonly Problem[], ids: Readonly<Record<string, string>>): ErrorSummaryItem[] {
  return problems.map((p, index) => {
    const id = p.field ? ids[p.field] : undefined;
    return { key: `${p.field ?? 'form'}#${index}`, text: p.message, field: id ? () => document.getElementById(id) : null };
  });
}

/** The first message per field, shown under it. */
export function byField(problems: readonly Problem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) if (p.field && !out[p.field]) out[p.field] = p.message;
  return out;
}

/**
 * A form's problems as state: the list (null before the first refusal), the summary's linked
 * lines (a new array only when the list changes, so the summary takes the focus once per
 * refusal) and the first message per field. `ids`: field → element id, fixed for the form.
 */
export function useFormProblems(ids: Readonly<Record<string, string>>) {
  const [problems, setProblems] = useState<readonly Problem[] | null>(null);
  const items = useMemo(() => (problems ? summaryItems(problems, ids) : []), [problems]); // eslint-disable-line react-hooks/exhaustive-deps
  const errors = useMemo(() => (problems ? byField(problems) : {}), [problems]);
  return { problems, setProblems, items, errors };
}

/** A date typed dd/mm/yyyy as yyyy-mm-dd; null when empty; an error when unreadable. */
export function readDate(text: string): { iso: string | null } | { error: true } {
  if (text.trim() === '') return { iso: null };
  try {
    return { iso: parseDate(text) };
  } catch {
    return { error: true };
  }
}
