/**
 * A spreadsheet sent whole (.xlsx or .csv): the units, the accounts, the activities' bulk
 * entry. The file chosen, its check before sending (one is chosen, its name says .xlsx or
 * .csv), the sending, and the refusal: the message for the form's summary (linked to the file's
 * input) and the rows the server names. A file chosen and not sent keeps the page from being
 * left unasked.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, type RowError } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { messageOf } from './form-problems.ts';
import { useUnsavedChanges } from './use-unsaved.ts';

export function useSheetUpload<T>({ fileId, noFile, badType, send, onSent }: {
  /** The file input's id, which the summary's line links to. */
  readonly fileId: string;
  readonly noFile: string;
  readonly badType: (name: string) => string;
  readonly send: (file: File) => Promise<T>;
  readonly onSent: (result: T) => void;
}) {
  const { t } = useLanguage();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [rows, setRows] = useState<readonly RowError[]>([]);
  useUnsavedChanges(file !== null && !busy);
  const items = useMemo(() => (problem ? [{ key: 'upload', text: problem, field: () => document.getElementById(fileId) }] : []), [problem, fileId]);

  function choose(next: File | null) {
    setFile(next);
    setProblem(null);
    setRows([]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setRows([]);
    if (!file) return setProblem(noFile);
    if (!/\.(xlsx|csv)$/i.test(file.name)) return setProblem(badType(file.name));
    setBusy(true);
    setProblem(null);
    try {
      const result = await send(file);
      setFile(null);
      setInputKey((k) => k + 1);
      onSent(result);
    } catch (error) {
      setProblem(messageOf(error, t));
      setRows(error instanceof ApiError ? error.rowErrors : []);
    } finally {
      setBusy(false);
    }
  }

  return { file, choose, inputKey, busy, problem, rows, items, submit };
}
