/**
 * The 2023 demo's activities (issue 20): the campaign's work kinds, one programme, six youth
 * islands as focus areas, and a plausible set of records — works, teams, good models, press
 * items, the centre's inspections, linkages — kept by provinces through the summer.
 *
 * ILLUSTRATIVE: the source documents give the campaign's figures, not these records; the
 * names, places and amounts are made up to look like the Union's (README says so). Hà Nội's
 * subtree keeps none, so the browser tests of Hà Nội and its wards start from an empty page.
 * Every record is dated inside the campaign (27/5 – 31/8/2023) and entered at 20:00 that day.
 */

export interface DemoActivity {
  /** When it was entered (ISO, Asia/Ho_Chi_Minh 20:00 of its day). */
  readonly at: string;
  readonly unitCode: string;
  readonly kind: 'work' | 'team' | 'model' | 'press' | 'inspection' | 'linkage';
  readonly fields: Readonly<Record<string, string | number | readonly string[]>>;
  readonly programme?: string;
}

export const DEMO_ACTIVITY_SETUP = {
  workKinds: [
    { code: 'tuyen-pho', name: 'Tuyến phố văn minh' },
    { code: 'nha-nhan-ai', name: 'Nhà nhân ái, nhà tình nghĩa, nhà khăn quàng đỏ' },
    { code: 'san-choi', name: 'Sân chơi cho thiếu nhi' },
    { code: 'thap-sang', name: 'Thắp sáng đường quê' },
    { code: 'cau-duong', name: 'Cầu, đường giao thông nông thôn' },
  ],
  programmes: [{ code: 'tiep-suc-mua-thi', name: 'Chương trình Tiếp sức mùa thi năm 2023', startDate: '2023-06-20', endDate: '2023-07-10' }],
  focusAreas: [
    { code: 'dao-co-to', kind: 'Đảo Thanh niên', name: 'Đảo Thanh niên Cô Tô', place: 'Huyện Cô Tô', unitCode: '22' },
    { code: 'dao-bach-long-vi', kind: 'Đảo Thanh niên', name: 'Đảo Thanh niên Bạch Long Vĩ', place: 'Huyện Bạch Long Vĩ', unitCode: '31' },
    { code: 'dao-ly-son', kind: 'Đảo Thanh niên', name: 'Đảo Thanh niên Lý Sơn', place: 'Huyện Lý Sơn', unitCode: '51' },
    { code: 'dao-phu-quy', kind: 'Đảo Thanh niên', name: 'Đảo Thanh niên Phú Quý', place: 'Huyện Phú Quý', unitCode: '60' },
    { code: 'dao-con-dao', kind: 'Đảo Thanh niên', name: 'Đảo Thanh niên Côn Đảo', place: 'Huyện Côn Đảo', unitCode: '77' },
    { code: 'dao-tho-chu', kind: 'Đảo Thanh niên', name: 'Đảo Thanh niên Thổ Chu', place: 'Huyện Phú Quốc', unitCode: '91' },
  ],
} as const;

const evening = (date: string) => `${date}T20:00:00+07:00`;
const work = (unitCode: string, date: string, name: string, workKind: string, value: number, funding: string, state: string, extra: Record<string, string> = {}): DemoActivity => ({
  at: evening(date), unitCode, kind: 'work',
  fields: { name, workKind, value, funding, startDate: date, state, ...(state === 'handed_over' ? { handoverDate: extra.handoverDate ?? date } : {}), ...withoutHandover(extra) },
});
const withoutHandover = ({ handoverDate: _, ...rest }: Record<string, string>) => rest;
const team = (unitCode: string, date: string, name: string, field: string, members: number, extra: Record<string, string> = {}): DemoActivity => ({
  at: evening(date), unitCode, kind: 'team', fields: { name, field, members, fromDate: date, ...extra },
});
const press = (unitCode: string, date: string, channel: string, outlet: string, title: string, reach: number): DemoActivity => ({
  at: evening(date), unitCode, kind: 'press', fields: { channel, outlet, title, date, reach },
});

/** The records, in the order they were entered. */
export function demoActivities(): DemoActivity[] {
  const records: DemoActivity[] = [
    work('22', '2023-06-03', 'Tuyến đường thanh niên xanh trên đảo Cô Tô', 'cau-duong', 850_000_000, 'mixed', 'handed_over', { focusArea: 'dao-co-to', place: 'Thị trấn Cô Tô', handoverDate: '2023-07-25' }),
    work('31', '2023-06-05', 'Thắp sáng đường đảo Bạch Long Vĩ', 'thap-sang', 320_000_000, 'social', 'handed_over', { focusArea: 'dao-bach-long-vi', handoverDate: '2023-07-15' }),
    work('51', '2023-06-10', 'Nhà nhân ái cho gia đình ngư dân Lý Sơn', 'nha-nhan-ai', 120_000_000, 'social', 'handed_over', { focusArea: 'dao-ly-son', handoverDate: '2023-07-20' }),
    work('79', '2023-06-01', 'Tuyến phố văn minh đường Nguyễn Huệ', 'tuyen-pho', 2_400_000_000, 'budget', 'handed_over', { place: 'Quận 1', handoverDate: '2023-08-15' }),
    work('79', '2023-06-12', 'Sân chơi thiếu nhi phường 12, quận Gò Vấp', 'san-choi', 450_000_000, 'mixed', 'in_progress'),
    work('48', '2023-06-08', 'Tuyến phố văn minh đường Bạch Đằng', 'tuyen-pho', 1_150_000_000, 'budget', 'handed_over', { handoverDate: '2023-08-01' }),
    work('40', '2023-06-15', 'Cầu dân sinh bản Cò Ngựa', 'cau-duong', 780_000_000, 'mixed', 'in_progress', { place: 'Huyện Kỳ Sơn' }),
    work('38', '2023-06-20', 'Nhà khăn quàng đỏ cho học sinh nghèo', 'nha-nhan-ai', 95_000_000, 'social', 'handed_over', { handoverDate: '2023-08-10' }),
    work('10', '2023-06-18', 'Thắp sáng đường quê xã Y Tý', 'thap-sang', 210_000_000, 'social', 'handed_over', { place: 'Huyện Bát Xát', handoverDate: '2023-07-30' }),
    work('02', '2023-06-25', 'Sân chơi cho thiếu nhi điểm trường Lũng Cú', 'san-choi', 160_000_000, 'social', 'planned'),
    work('92', '2023-07-05', 'Tuyến phố văn minh bến Ninh Kiều', 'tuyen-pho', 1_800_000_000, 'budget', 'in_progress'),
    work('49', '2023-07-10', 'Nhà nhân ái cho gia đình chính sách ở Điện Bàn', 'nha-nhan-ai', 110_000_000, 'social', 'handed_over', { handoverDate: '2023-08-20' }),
    team('22', '2023-06-10', 'Đội hình thanh niên tình nguyện đảo Cô Tô', 'Bảo vệ môi trường biển', 45, { focusArea: 'dao-co-to' }),
    team('77', '2023-06-15', 'Đội hình y tế tình nguyện Côn Đảo', 'Y tế', 30, { focusArea: 'dao-con-dao', toDate: '2023-07-15' }),
    team('79', '2023-06-20', 'Đội hình Tiếp sức mùa thi', 'Hỗ trợ thí sinh', 1_200, { toDate: '2023-07-10' }),
    team('48', '2023-06-21', 'Đội hình Tiếp sức mùa thi', 'Hỗ trợ thí sinh', 400, { toDate: '2023-07-10' }),
    team('40', '2023-07-01', 'Đội hình Mùa hè xanh', 'Xây dựng nông thôn mới', 250, { place: 'Huyện Kỳ Sơn' }),
    team('11', '2023-07-03', 'Đội hình tình nguyện biên giới', 'Hỗ trợ người dân vùng biên', 80),
    press('79', '2023-06-02', 'online', 'Báo Thanh Niên', 'Thành Đoàn TP. Hồ Chí Minh ra quân Chiến dịch Mùa hè xanh', 45_000),
    press('79', '2023-06-21', 'facebook', 'Fanpage Thành Đoàn TP. Hồ Chí Minh', 'Tiếp sức mùa thi 2023: 1.200 tình nguyện viên ra quân', 120_000),
    press('48', '2023-06-09', 'online', 'Báo Đà Nẵng điện tử', 'Tuyến phố văn minh đường Bạch Đằng', 12_000),
    press('22', '2023-06-11', 'print', 'Báo Quảng Ninh', 'Thanh niên tình nguyện trên đảo Cô Tô', 8_000),
    press('40', '2023-07-02', 'television', 'Đài Phát thanh – Truyền hình Nghệ An', 'Mùa hè xanh ở Kỳ Sơn', 60_000),
    press('10', '2023-06-19', 'online', 'Báo Lào Cai điện tử', 'Thắp sáng đường quê Y Tý', 6_500),
    press('51', '2023-06-12', 'print', 'Báo Quảng Ngãi', 'Nhà nhân ái cho ngư dân Lý Sơn', 5_000),
    press('92', '2023-07-06', 'tiktok', 'Tuổi trẻ Cần Thơ', 'Bến Ninh Kiều văn minh', 95_000),
    { at: evening('2023-07-20'), unitCode: '79', kind: 'model', fields: { modelKind: 'model', title: 'Mô hình "Chủ nhật xanh" ở các khu phố', proposedLevel: 'central', proposedBy: 'Thành Đoàn TP. Hồ Chí Minh' } },
    { at: evening('2023-07-22'), unitCode: '40', kind: 'model', fields: { modelKind: 'person', title: 'Đồng chí Lô Văn Hùng, Bí thư Đoàn xã Mường Lống', proposedLevel: 'province' } },
    {
      at: evening('2023-07-12'), unitCode: 'TW', kind: 'inspection',
      fields: {
        team: 'Đoàn kiểm tra số 1 của Ban Chỉ đạo Chiến dịch', members: 'Đại diện Ban Thanh niên xung phong, Văn phòng Trung ương Đoàn', date: '2023-07-12',
        visitedUnits: ['22', '31'], visitedFocusAreas: ['dao-co-to', 'dao-bach-long-vi'],
        findings: 'Các công trình trên đảo triển khai đúng tiến độ; đội hình tình nguyện hoạt động đều đặn.', recommendations: 'Bổ sung hồ sơ bàn giao công trình.', followUp: 'done',
      },
    },
    {
      at: evening('2023-08-02'), unitCode: 'TW', kind: 'inspection',
      fields: {
        team: 'Đoàn kiểm tra số 2 của Ban Chỉ đạo Chiến dịch', date: '2023-08-02', visitedUnits: ['51', '60'], visitedFocusAreas: ['dao-ly-son'],
        findings: 'Tỉnh Đoàn Bình Thuận chưa triển khai hoạt động tại đảo Phú Quý.', recommendations: 'Triển khai ít nhất một công trình trên đảo Phú Quý trước 31/8.', followUp: 'open',
      },
    },
    { at: evening('2023-06-25'), unitCode: '79', kind: 'linkage', fields: { linkKind: 'forces', partners: ['10'], description: 'Thành Đoàn TP. Hồ Chí Minh và Tỉnh Đoàn Lào Cai cùng đưa đội hình y tế lên xã Y Tý', fromDate: '2023-06-25', toDate: '2023-07-25' } },
    { at: evening('2023-07-01'), unitCode: '48', kind: 'linkage', fields: { linkKind: 'locality', partners: ['49'], description: 'Đà Nẵng và Quảng Nam cùng làm nhà nhân ái ở Điện Bàn', fromDate: '2023-07-01' } },
    { at: evening('2023-07-08'), unitCode: '92', kind: 'linkage', fields: { linkKind: 'community', partners: ['91'], description: 'Cần Thơ và Kiên Giang cùng tổ chức ngày hội thiếu nhi ở Thổ Chu', fromDate: '2023-07-08' } },
  ];
  // Tiếp sức mùa thi's teams belong to its programme.
  return records
    .map((r) => (r.kind === 'team' && String(r.fields.name).startsWith('Đội hình Tiếp sức mùa thi') ? { ...r, programme: 'tiep-suc-mua-thi' } : r))
    .sort((a, b) => a.at.localeCompare(b.at));
}
