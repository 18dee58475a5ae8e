import { parseArgs } from 'node:util';
import { getTimeliness } from '@giaoban/server';
import { formatDate, localDateTimeOf } from '@giaoban/core';
import { DATABASE_OPTIONS, UsageError, configFrom, printTable, withContext } from './shared.ts';

const USAGE = 'cách dùng: giaoban timeliness --campaign MÃ [--unit MÃ_ĐƠN_VỊ] [--period 2023-W26] [--order code|name] [--kind late|missing|late_or_missing] [--now THỜI_ĐIỂM_ISO] [--group NHÓM_ĐƠN_VỊ, ví dụ urban] [--json]';

/** "03/07/2023 10:00" in Hà Nội. */
const when = (iso: string | null) => {
  if (iso === null) return '—';
  const { date, time } = localDateTimeOf(iso);
  return `${formatDate(date)} ${time}`;
};

/** Completeness and timeliness of the weekly reports of a subtree, and the late-units sentence. */
export async function timeliness(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATABASE_OPTIONS, campaign: { type: 'string' }, unit: { type: 'string' }, period: { type: 'string' },
      order: { type: 'string' }, kind: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean' }, group: { type: 'string' },
    },
  });
  if (!values.campaign) throw new UsageError(USAGE);
  const order = values.order ?? 'code';
  if (order !== 'code' && order !== 'name') throw new UsageError('--order nhận code (theo mã) hoặc name (theo tên).');
  const kind = values.kind ?? 'late_or_missing';
  if (kind !== 'late' && kind !== 'missing' && kind !== 'late_or_missing') throw new UsageError('--kind nhận late, missing hoặc late_or_missing.');
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now && Number.isNaN(now.getTime())) throw new UsageError('--now nhận một thời điểm ISO, ví dụ 2023-07-03T10:00:00+07:00.');
  return withContext(configFrom(values), async (opened) => {
    const ctx = now ? { ...opened, now: () => now } : opened;
    const view = await getTimeliness(ctx, { campaign: values.campaign!, unit: values.unit ?? 'TW' }, { period: values.period, order, kind, group: values.group });
    const selected = view.selected;
    if (values.json) {
      console.log(JSON.stringify({
        campaign: view.campaign.code, unit: view.unit.code, group: view.group?.code ?? null,
        weeks: view.weeks.map((w) => ({ week: w.week.week, ...w.summary })),
        selected: selected && { week: selected.week.week, summary: selected.summary, rows: selected.rows.map((r) => ({
          unit: r.unit.code, name: r.unit.name, dueAt: r.dueAt, submittedAt: r.submittedAt, status: r.status, reportStatus: r.reportStatus,
        })) },
        lateUnits: view.lateUnits && { names: view.lateUnits.names, sentence: view.lateUnits.sentence },
      }, null, 2));
      return 0;
    }
    console.log(`${view.campaign.name} — ${view.unit.name}${view.group ? ` — chỉ các đơn vị thuộc nhóm ${view.group.name}` : ''}`);
    printTable(['Tuần', 'Phải báo cáo', 'Đúng hạn', 'Chậm', 'Chưa báo cáo', 'Chưa đến hạn', 'Tỷ lệ đầy đủ', 'Tỷ lệ đúng hạn'], view.weeks.map((w) => [
      w.week.week, String(w.summary.expected), String(w.summary.onTime), String(w.summary.late), String(w.summary.missing),
      String(w.summary.pending), w.summary.completenessText ?? '—', w.summary.timelinessText ?? '—',
    ]));
    if (!selected) return 0;
    console.log(`\nTuần ${selected.week.week} (${formatDate(selected.week.start)} – ${formatDate(selected.week.end)}):`);
    const late = selected.rows.filter((r) => r.status === 'late' || r.status === 'missing');
    if (late.length > 0) {
      printTable(['Đơn vị', 'Hạn nộp', 'Đã gửi lúc', 'Tình trạng'], late.map((r) => [
        r.unit.name, when(r.dueAt), when(r.submittedAt), r.status === 'late' ? 'Chậm' : 'Chưa báo cáo',
      ]));
    }
    console.log(`\n${view.lateUnits?.sentence ?? 'Tất cả các đơn vị trực thuộc đều báo cáo đúng hạn.'}`);
    return 0;
  });
}
