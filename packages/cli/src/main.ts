/** giaoban: the command line. Each command parses its arguments, calls a service, prints. */
import { accountsCommand } from './commands/accounts.ts';
import { audit } from './commands/audit.ts';
import { createUserCommand } from './commands/create-user.ts';
import { demo } from './commands/demo.ts';
import { documentCommand } from './commands/document.ts';
import { importCommand, templateCommand } from './commands/import.ts';
import { migrate } from './commands/migrate.ts';
import { progress } from './commands/progress.ts';
import { reminders } from './commands/reminders.ts';
import { rules } from './commands/rules.ts';
import { serve } from './commands/serve.ts';
import { timeliness } from './commands/timeliness.ts';
import { unitsCommand } from './commands/units.ts';
import { activitiesCommand } from './commands/activities.ts';
import { reorganise } from './commands/reorganise.ts';
import { languageOf, reportError } from './commands/shared.ts';
import { verifyRollupsCommand } from './commands/verify-rollups.ts';

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  serve: { run: serve, help: 'chạy máy chủ web và API (--port, --host, --demo: nạp dữ liệu mẫu nếu trống, --demo-as-of NGÀY)' },
  migrate: { run: migrate, help: 'cập nhật cấu trúc cơ sở dữ liệu' },
  demo: { run: demo, help: 'nạp dữ liệu mẫu (Chiến dịch TNTN Hè 2023, sắp xếp tổ chức và chiến dịch tháng 7/2025) vào một thư mục dữ liệu mới (--demo-as-of NGÀY: như đến hết ngày đó)' },
  template: { run: templateCommand, help: 'tệp Excel mẫu nhập số liệu một tuần --campaign MÃ --unit MÃ --week 2023-W27 [--children] --out TỆP.xlsx' },
  import: { run: importCommand, help: 'nhập số liệu từ tệp Excel mẫu (.xlsx) hoặc CSV (unit,period,indicator,value) --campaign MÃ [--mode workbook|unit]' },
  progress: { run: progress, help: 'tiến độ --campaign MÃ [--unit MÃ] --as-of YYYY-MM-DD [--precision N] [--json]' },
  document: { run: documentCommand, help: 'soạn văn bản từ số liệu: notice --campaign MÃ --phase N | progress --campaign MÃ --unit MÃ --week 2023-W26 | final --campaign MÃ; --out TỆP.docx (hoặc --text) [--form TỆP.json]' },
  'verify-rollups': { run: verifyRollupsCommand, help: 'so số liệu tổng hợp với tính lại từ đầu (mã thoát khác 0 nếu lệch)' },
  rules: { run: rules, help: 'xem hoặc đặt quy định báo cáo của chiến dịch (hạn nộp theo cấp, nhắc hạn, quy tắc chỉ tiêu) --campaign MÃ [--set TỆP.json]' },
  timeliness: { run: timeliness, help: 'báo cáo đúng hạn, chậm, chưa báo cáo theo tuần --campaign MÃ [--unit MÃ] [--period TUẦN] [--order code|name] [--json]' },
  audit: { run: audit, help: 'tra cứu nhật ký thay đổi [--unit MÃ [--subtree]] [--user TÊN] [--from NGÀY] [--to NGÀY] [--period TUẦN] [--json]' },
  reminders: { run: reminders, help: 'chạy một lượt nhắc hạn và báo cấp trên [--now THỜI_ĐIỂM_ISO] [--campaign MÃ] [--json]' },
  'create-user': { run: createUserCommand, help: 'tạo tài khoản --username --password --role --unit [--name] (mật khẩu theo quy định: ít nhất 8 ký tự, không phổ biến)' },
  accounts: { run: accountsCommand, help: 'quản lý tài khoản: list|create|update|reset|sign-out|upload --unit MÃ … (giaoban accounts để xem cách dùng)' },
  reorganise: { run: reorganise, help: 'sắp xếp tổ chức có ngày hiệu lực (hợp nhất, chia tách, đổi tên, điều chuyển, bỏ cấp) --unit MÃ (--file TỆP.json | --provinces-2025) [--abolish-level district] [--apply]' },
  units: { run: unitsCommand, help: 'quản lý đơn vị: search|create|update|close|upload|tags|add-tag … (giaoban units để xem cách dùng)' },
  activities: { run: activitiesCommand, help: 'hoạt động của chiến dịch (công trình, đội hình, mô hình, tin bài, kiểm tra, liên kết): setup|add|list|totals --campaign MÃ … (giaoban activities để xem cách dùng)' },
};

function usage(): void {
  console.log('Cách dùng: giaoban <lệnh> [tùy chọn]   (mọi lệnh nhận --data-dir THƯ_MỤC hoặc DATABASE_URL; --lang en: báo lỗi bằng tiếng Anh)\n');
  for (const [name, c] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(16)} ${c.help}`);
}

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  usage();
  process.exitCode = name && name !== 'help' && name !== '--help' ? 2 : 0;
} else {
  try {
    process.exitCode = await command.run(args);
  } catch (error) {
    process.exitCode = reportError(error, languageOf(args));
  }
}
