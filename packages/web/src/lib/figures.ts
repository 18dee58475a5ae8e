/** Figures typed and shown the Vietnamese way (1.791; 2,5), in either language of the app. */
import { DomainError, formatNumber, parseNumber } from '@giaoban/core';
import type { Language } from '../i18n/catalogue.ts';

export type FigureReading = { readonly value: number | null; readonly error: string | null };

/** Reads what a person typed: empty is "no figure", anything else must be a number. */
export function readFigure(text: string, language: Language): FigureReading {
  if (text.trim() === '') return { value: null, error: null };
  try {
    return { value: parseNumber(text), error: null };
  } catch (error) {
    if (error instanceof DomainError) {
      const en = typeof error.details.messageEn === 'string' ? error.details.messageEn : error.message;
      return { value: null, error: language === 'en' ? en : error.message };
    }
    throw error;
  }
}

/** A figure for display and for an input's initial text; empty for no figure. */
export function showFigure(value: number | null | undefined, maxDecimals = 4): string {
  return value === null || value === undefined ? '' : formatNumber(value, maxDecimals);
}
