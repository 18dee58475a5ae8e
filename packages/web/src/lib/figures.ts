/** Figures typed and shown the Vietnamese way (1.791; 2,5), in either language of the app. */
import { DomainError, formatNumber, parseNumber } from '@giaoban/core';
import type { Language } from '../i18n/catalogue.ts';

export type FigureReading = { readonly value: number | null; readonly error: string | null };

/** A domain error's message in the app's language (core carries the English in `details.messageEn`); null for anything else. */
export function domainMessage(error: unknown, language: Language): string | null {
  if (!(error instanceof DomainError)) return null;
  const en = error.details.messageEn;
  return language === 'en' && typeof en === 'string' ? en : error.message;
}

/** Reads what a person typed: empty is "no figure", anything else must be a number. */
export function readFigure(text: string, language: Language): FigureReading {
  if (text.trim() === '') return { value: null, error: null };
  try {
    return { value: parseNumber(text), error: null };
  } catch (error) {
    const message = domainMessage(error, language);
    if (message === null) throw error;
    return { value: null, error: message };
  }
}

/** A figure for display and for an input's initial text; empty for no figure. */
export function showFigure(value: number | null | undefined, maxDecimals = 4): string {
  return value === null || value === undefined ? '' : formatNumber(value, maxDecimals);
}

/**
 * What a typed figure becomes on leaving its field: its standard form (1500 → 1.500, 1,50 →
 * 1,5) when that form holds exactly the figure typed; null to leave the typing as it is (not
 * a figure, or one the standard form would change: too large for a double to hold its
 * digits, more decimals than are shown), so a message about it quotes it as typed.
 */
export function tidyFigure(text: string): string | null {
  const { value } = readFigure(text, 'vi');
  if (value === null || Math.abs(value) > Number.MAX_SAFE_INTEGER) return null;
  const shown = showFigure(value);
  return readFigure(shown, 'vi').value === value ? shown : null;
}
