/** The rows of an uploaded file the server refused: the row as the file numbers it, the column, why. */
import { formatNumber } from '@giaoban/core';
import type { RowError } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';

export function RowErrorsTable({ rows, testId }: { rows: readonly RowError[]; testId: string }) {
  const { t } = useLanguage();
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table data-testid={testId}>
        <caption className="visually-hidden">{t('units.upload.errorsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">{t('units.upload.row')}</th>
            <th scope="col">{t('units.upload.column')}</th>
            <th scope="col">{t('units.upload.message')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, index) => (
            <tr key={index}>
              <td className="num">{r.row > 0 ? formatNumber(r.row, 0) : t('common.none')}</td>
              <td>{r.field || t('common.none')}</td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
