import { parseArgs } from 'node:util';
import { REPORT_STATE_LABELS, formatDate, formatPercent, localDateOf, parseDate } from '@giaoban/core';
import { getProgress, getRegroupedProgress, presentGroupFilter, presentIndicatorProgress } from '@giaoban/server';
import { DATABASE_OPTIONS, UsageError, configFrom, printTable, withContext } from './shared.ts';

const HEADERS = {
  vi: ['Chỉ tiêu', 'Chỉ tiêu giao', 'Tuần này', 'Lũy kế', 'Đạt', 'Tình trạng'],
  en: ['Indicator', 'Target', 'This week', 'To date', 'Achieved', 'Status'],
} as const;

export async function progress(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...DATABASE_OPTIONS, campaign: { type: 'string' }, unit: { type: 'string' }, 'as-of': { type: 'string' },
      precision: { type: 'string' }, json: { type: 'boolean' }, lang: { type: 'string' }, group: { type: 'string' },
      'regroup-as-of': { type: 'string' }, programme: { type: 'string' },
    },
  });
  if (!values.campaign) throw new UsageError('cách dùng: giaoban progress --campaign MÃ [--unit MÃ_ĐƠN_VỊ] --as-of YYYY-MM-DD [--precision N, mặc định của chiến dịch] [--group NHÓM_ĐƠN_VỊ, ví dụ urban] [--regroup-as-of YYYY-MM-DD: nhóm các đơn vị trực thuộc theo cơ cấu tổ chức của ngày đó] [--programme MÃ: chỉ các chỉ tiêu của một chương trình] [--json]');
  // Absent: the campaign's own precision, as every other output uses it.
  const precision = values.precision === undefined ? undefined : Number(values.precision);
  if (precision !== undefined && (!Number.isInteger(precision) || precision < 0 || precision > 4)) throw new UsageError('--precision nhận số nguyên từ 0 đến 4.');
  const lang = values.lang === 'en' ? 'en' : 'vi';
  const asOf = values['as-of'] ? parseDate(values['as-of'], 'as-of') : localDateOf(new Date());
  const regroupAsOf = values['regroup-as-of'] === undefined ? undefined : parseDate(values['regroup-as-of'], 'regroup-as-of');
  return withContext(configFrom(values), async (ctx) => {
    const ref = { campaign: values.campaign!, unit: values.unit ?? 'TW' };
    const options = { asOf, precision, language: lang, includeChildren: true, group: values.group, programme: values.programme } as const;
    const regrouped = regroupAsOf ? await getRegroupedProgress(ctx, ref, { ...options, regroupAsOf }) : null;
    const view = regrouped ?? await getProgress(ctx, ref, options);
    if (values.json) {
      console.log(JSON.stringify({
        campaign: view.campaign.code, unit: view.unit.unit.code, asOf: view.asOf, week: view.week?.week ?? null, elapsedShare: view.elapsedShare,
        group: view.group?.code ?? null,
        programme: view.programme?.code ?? null,
        indicators: view.unit.indicators.map(presentIndicatorProgress),
        regroupAsOf: regrouped?.regroupAsOf ?? null,
        children: regrouped
          ? regrouped.children.map((c) => ({ unit: c.unit.code, name: c.unit.name, members: c.members.map((m) => m.code), indicators: c.indicators.map(presentIndicatorProgress) }))
          : view.children.map((c) => ({ unit: c.unit.code, name: c.unit.name, reportStatus: c.reportStatus, indicators: c.indicators.map(presentIndicatorProgress) })),
        ...(regrouped ? { unmatched: regrouped.unmatched.map((c) => c.unit.code) } : {}),
      }, null, 2));
      return 0;
    }
    console.log(view.programme ? `${view.programme.name} — ${view.campaign.name}` : view.campaign.name);
    // The week by its dates, as people name it, not by its ISO code.
    const week = view.week && { start: formatDate(view.week.start), end: formatDate(view.week.end) };
    console.log(lang === 'en'
      ? `${view.unit.unit.name} — as of ${formatDate(asOf)}${week ? ` (week ${week.start} to ${week.end})` : ''}, ${formatPercent(view.elapsedShare, view.precision)} of the campaign elapsed`
      : `${view.unit.unit.name} — tính đến ngày ${formatDate(asOf)}${week ? ` (tuần từ ${week.start} đến ${week.end})` : ''}, thời gian chiến dịch đã qua ${formatPercent(view.elapsedShare, view.precision)}`);
    printTable([...HEADERS[lang]], view.unit.indicators.map((i) => [
      `${i.indicator.name} (${i.indicator.unitOfMeasure})`, i.text.target ?? '—', i.text.thisWeek, i.text.toDate, i.text.achievement ?? '—', i.text.status ?? '—',
    ]));
    if (view.group) {
      // The filter lists the children of the group; the table above stays the whole unit's.
      const filter = presentGroupFilter(view.group, lang);
      console.log(`\n${filter?.text ?? ''}`);
      printTable(lang === 'en' ? ['Code', 'Unit', 'Weekly report'] : ['Mã', 'Đơn vị', 'Báo cáo tuần'],
        view.children.map((c) => [
          c.unit.code, c.unit.name, c.reportStatus === 'missing' ? (lang === 'en' ? 'not sent' : 'chưa gửi') : REPORT_STATE_LABELS[c.reportStatus][lang],
        ]));
    }
    if (regrouped) {
      // Each row is a unit of that date, the sum of the units of the campaign's structure it continues.
      console.log(lang === 'en'
        ? `\nUnits below, by the structure of ${formatDate(regrouped.regroupAsOf)} (each the sum of the units it continues):`
        : `\nCác đơn vị trực thuộc theo cơ cấu tổ chức ngày ${formatDate(regrouped.regroupAsOf)} (mỗi dòng là tổng của các đơn vị trước đây hợp thành):`);
      printTable(
        [...(lang === 'en' ? ['Code', 'Unit', 'Made of'] : ['Mã', 'Đơn vị', 'Gồm']), ...view.unit.indicators.map((i) => i.indicator.name)],
        regrouped.children.map((c) => [
          c.unit.code, c.unit.name, c.members.map((m) => m.code).join(', ') || '—',
          ...c.indicators.map((i) => (i.text.achievement ? `${i.text.toDate} (${i.text.achievement})` : i.text.toDate)),
        ]),
      );
      if (regrouped.unmatched.length > 0) {
        console.log(lang === 'en'
          ? `Not continued by any unit of that date: ${regrouped.unmatched.map((c) => c.unit.name).join(', ')}.`
          : `Không có đơn vị kế tục vào ngày đó: ${regrouped.unmatched.map((c) => c.unit.name).join(', ')}.`);
      }
    }
    return 0;
  });
}
