/** Moments shown as people in Viet Nam read them, as the server writes them too: 03/07/2023 14:05, in Asia/Ho_Chi_Minh. */
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/**
 * An instant as the server or the browser gives it. PostgreSQL's text form
 * ("2023-07-03 03:00:00+00") is made ISO first: not every browser parses it as it stands.
 */
function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  const iso = value.trim().replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  return new Date(iso);
}

export function formatTimestamp(iso: string | Date): string {
  const date = toDate(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}
