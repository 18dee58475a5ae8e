/**
 * The Sắp xếp tổ chức page (issue 19): Hà Nội's manager opens it from the menu and drafts the
 * abolition of the district level under Thành Đoàn Hà Nội from 01/07/2025. A bad step first —
 * a merge of one unit, moved up to be step 1 — is refused by the preview, the error linked to
 * the merge's field; without it the preview names the districts that close and Ba Đình's wards
 * that move up; "Thực hiện" waits for a preview of exactly the form, asks with the date and what
 * closes, and the list shows the reorganisation. The Units page then has a ward of Ba Đình
 * directly under Hà Nội.
 */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { PASSWORD, assertNoHorizontalScroll, fillDate, screenshot, signIn, textOf, unitName, waitForText } from './harness.ts';
import { browserSuite } from './suite.ts';

const HANOI = unitName('01');
const NAME = 'Bỏ cấp quận, huyện của Thành Đoàn Hà Nội năm 2025';

/** Types in a unit combobox and takes the suggestion for `code`. */
async function pickUnit(scope: Locator, label: string, typed: string, code: string, name: string): Promise<void> {
  const box = scope.getByRole('combobox', { name: label, exact: true });
  await box.fill(typed);
  await scope.getByRole('option', { name: new RegExp(`^${name} \\(${code}\\)`) }).click();
  expect(await box.inputValue()).toBe(`${name} (${code})`);
}

async function addStep(page: Page, kind: string): Promise<void> {
  const form = page.getByTestId('reorg-form');
  await form.getByLabel('Loại bước', { exact: true }).selectOption({ label: kind });
  await form.getByRole('button', { name: 'Thêm bước', exact: true }).click();
}

browserSuite('reorganisation page', (app) => {
  // First: the abolition below closes Ba Đình from 01/07/2025.
  it('a province manager splits a district, sending a ward to the second new unit, and the preview shows where each goes', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    await page.goto('/reorganisations/01');
    const form = page.getByTestId('reorg-form');
    await form.getByLabel('Tên đợt sắp xếp', { exact: true }).fill('Chia tách Quận Đoàn Ba Đình');
    await fillDate(form.getByLabel('Ngày hiệu lực', { exact: true }), '01/07/2025');
    await addStep(page, 'Chia tách');
    const split = form.getByTestId('reorg-step').nth(0);
    await pickUnit(split, 'Đơn vị chia tách', 'ba dinh', '01-BD', 'Quận Đoàn Ba Đình');
    await split.getByLabel('Mã đơn vị mới 1', { exact: true }).fill('01-BDB');
    await split.getByLabel('Tên đơn vị mới 1', { exact: true }).fill('Quận Đoàn Ba Đình Bắc');
    await split.getByLabel('Mã đơn vị mới 2', { exact: true }).fill('01-BDN');
    await split.getByLabel('Tên đơn vị mới 2', { exact: true }).fill('Quận Đoàn Ba Đình Nam');
    // Every ward of Ba Đình is listed, going to the first new unit unless told otherwise.
    const children = split.getByTestId('reorg-split-children');
    await waitForText(children, 'Các đơn vị trực thuộc Quận Đoàn Ba Đình chuyển về');
    expect(await children.getByRole('combobox').count()).toBe(6);
    const kimMa = children.getByLabel('Đoàn phường Kim Mã chuyển về', { exact: true });
    expect(await kimMa.locator('option:checked').textContent()).toBe('Quận Đoàn Ba Đình Bắc (01-BDB)');
    await kimMa.selectOption({ label: 'Quận Đoàn Ba Đình Nam (01-BDN)' });
    await form.getByRole('button', { name: 'Xem trước', exact: true }).click();
    const preview = form.getByTestId('reorg-preview');
    await preview.getByText('Đơn vị chuyển sang đơn vị cấp trên mới (6)').click();
    const moving = preview.getByTestId('reorg-moving');
    await waitForText(moving, 'Đoàn phường Kim Mã (01-BD-KM) → Quận Đoàn Ba Đình Nam (01-BDN)');
    await waitForText(moving, 'Đoàn phường Phúc Xá (01-BD-PX) → Quận Đoàn Ba Đình Bắc (01-BDB)');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'reorganisation-split');
    // Nothing written: the form is left as it is, and asked about.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.goto('/units/01');
  });

  it('a province manager previews the abolition of its districts, is shown a bad step at its field, applies it, and the wards stand under the province', async () => {
    const page = await app.page();
    await signIn(page, 'hanoi.quanly', PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính', exact: true });
    await nav.getByRole('link', { name: 'Sắp xếp tổ chức', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/reorganisations/01');
    await page.getByRole('heading', { name: `Sắp xếp tổ chức: ${HANOI}`, exact: true }).waitFor();
    await waitForText(page.locator('.reorg-past'), 'Chưa có đợt sắp xếp nào trong phạm vi này.');

    const form = page.getByTestId('reorg-form');
    await form.getByLabel('Tên đợt sắp xếp', { exact: true }).fill(NAME);
    await fillDate(form.getByLabel('Ngày hiệu lực', { exact: true }), '01/07/2025');
    // Half filled: leaving asks first, and staying keeps it.
    const leaving = new Promise<string>((resolve) => page.once('dialog', (dialog) => { resolve(dialog.message()); void dialog.dismiss(); }));
    await nav.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    expect(await leaving).toBe('Đợt sắp xếp đang soạn chưa được thực hiện. Rời trang và bỏ những gì đã nhập?');
    expect(new URL(page.url()).pathname).toBe('/reorganisations/01');

    // Step 1: the district level, only under Hà Nội; the districts' accounts closed (the default).
    await addStep(page, 'Bỏ cấp');
    const steps = form.getByTestId('reorg-step');
    const abolish = steps.nth(0);
    await waitForText(abolish, 'Bước 1: Bỏ cấp');
    await abolish.getByLabel('Cấp bỏ', { exact: true }).selectOption({ label: 'Huyện, quận Đoàn' });
    await pickUnit(abolish, 'Chỉ trong đơn vị (không bắt buộc)', 'ha noi', '01', HANOI);
    expect(await abolish.getByRole('radio', { name: 'Khóa', exact: true }).isChecked()).toBe(true);

    // Step 2: a merge of one unit only (its second place removed), then moved up to be step 1.
    await addStep(page, 'Hợp nhất');
    const merge = steps.nth(1);
    await pickUnit(merge, 'Đơn vị hợp nhất 1', 'hoan kiem', '01-HK', 'Quận Đoàn Hoàn Kiếm');
    await merge.getByRole('button', { name: 'Bỏ Đơn vị hợp nhất 2', exact: true }).click();
    await merge.getByLabel('Mã đơn vị mới', { exact: true }).fill('01-TT');
    await merge.getByLabel('Tên đơn vị mới', { exact: true }).fill('Quận Đoàn Trung tâm');
    await merge.getByRole('button', { name: 'Lên (bước 2)', exact: true }).click();
    await waitForText(steps.nth(0), 'Bước 1: Hợp nhất');
    await waitForText(steps.nth(1), 'Bước 2: Bỏ cấp');
    const apply = form.getByRole('button', { name: 'Thực hiện', exact: true });
    expect(await apply.isDisabled()).toBe(true);

    // The preview refuses the merge; the line of the summary leads to the merge's unit.
    await form.getByRole('button', { name: 'Xem trước', exact: true }).click();
    const summary = form.locator('.error-summary');
    await waitForText(summary, 'Hợp nhất cần ít nhất hai đơn vị.');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'reorganisation-errors');
    await summary.getByRole('link', { name: 'Hợp nhất cần ít nhất hai đơn vị.', exact: true }).click();
    const focused = await page.evaluate(() => ({
      invalid: document.activeElement?.getAttribute('aria-invalid'),
      label: document.activeElement?.id ? document.querySelector(`label[for="${CSS.escape(document.activeElement.id)}"]`)?.textContent : null,
    }));
    expect(focused).toEqual({ invalid: 'true', label: 'Đơn vị hợp nhất 1' });
    expect(await apply.isDisabled()).toBe(true);

    // Without the merge: the districts close the day before, Ba Đình's wards move up to Hà Nội.
    await steps.nth(0).getByRole('button', { name: 'Xóa (bước 1)', exact: true }).click();
    expect(await steps.count()).toBe(1);
    await form.getByRole('button', { name: 'Xem trước', exact: true }).click();
    const lines = form.getByTestId('reorg-summary');
    await waitForText(lines, '7 đơn vị kết thúc hoạt động ngày 30/06/2025: 01-BD');
    await waitForText(lines, '6 đơn vị chuyển sang đơn vị cấp trên mới từ ngày 01/07/2025');
    await waitForText(lines, '01-BD-KM → 01');
    await waitForText(lines, 'Tài khoản của 7 đơn vị bị khóa.');
    expect(await form.locator('.error-summary').count()).toBe(0);
    const preview = form.getByTestId('reorg-preview');
    await preview.getByText('Đơn vị kết thúc hoạt động ngày 30/06/2025 (7)').click();
    const closing = await textOf(preview.getByTestId('reorg-closing'));
    for (const district of ['Quận Đoàn Ba Đình (01-BD)', 'Quận Đoàn Hoàn Kiếm (01-HK)', 'Huyện Đoàn Ba Vì (01-BV)']) expect(closing).toContain(district);
    await preview.getByText('Đơn vị chuyển sang đơn vị cấp trên mới (6)').click();
    await waitForText(preview.getByTestId('reorg-moving'), `Đoàn phường Phúc Xá (01-BD-PX) → ${HANOI} (01)`);
    expect(await apply.isDisabled()).toBe(false);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'reorganisation-preview');

    // A change after the preview asks for another before applying; the same form again needs none.
    const name = form.getByLabel('Tên đợt sắp xếp', { exact: true });
    await name.fill(`${NAME} (sửa)`);
    await waitForText(form.getByTestId('reorg-stale'), 'Bấm "Xem trước" lại');
    expect(await apply.isDisabled()).toBe(true);
    await name.fill(NAME);
    expect(await form.getByTestId('reorg-stale').count()).toBe(0);
    expect(await apply.isDisabled()).toBe(false);

    // Applied after the question, which names the date and what closes.
    const questions: string[] = [];
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    });
    await apply.click();
    const done = page.getByTestId('reorg-done');
    // The server's clock stands in 2023: the structure is recorded, the accounts wait for the date.
    await waitForText(done, `Đã ghi nhận "${NAME}" từ ngày 01/07/2025`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reorg-done');
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain('có hiệu lực từ ngày 01/07/2025');
    expect(questions[0]).toContain('7 đơn vị kết thúc hoạt động ngày 30/06/2025: Quận Đoàn Ba Đình');
    expect(questions[0]).toContain('Tài khoản của 7 đơn vị bị khóa.');
    expect(await textOf(done)).toMatch(/\d+ chỉ tiêu được chuyển cho đơn vị kế tục; tài khoản của các đơn vị cũ sẽ được chuyển hoặc khóa vào ngày 01\/07\/2025, đến lúc đó cán bộ vẫn làm việc như cũ\.$/);
    const list = page.getByTestId('reorg-list');
    await waitForText(list, '01/07/2025');
    await waitForText(list, NAME);
    await waitForText(list, '7 đơn vị kết thúc · 6 đơn vị chuyển cấp trên · tài khoản của các đơn vị cũ sẽ được chuyển hoặc khóa vào ngày 01/07/2025');
    // The form starts again empty (nothing left to ask about before leaving).
    expect(await form.getByLabel('Tên đợt sắp xếp', { exact: true }).inputValue()).toBe('');
    expect(await steps.count()).toBe(0);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'reorganisation-done');

    // The Units page: Phúc Xá's new version stands directly under Hà Nội.
    await nav.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/units/01');
    expect(questions).toHaveLength(1);
    const ward = page.getByTestId('units-list').locator('li[data-unit="01-BD-PX"]');
    await ward.getByRole('button').click();
    const panel = page.getByTestId('unit-panel');
    await waitForText(panel, `trực thuộc ${HANOI}`);
    await waitForText(panel, 'hoạt động từ 01/07/2025');
    // The district closed from the date, its old ward kept under it for the past.
    await waitForText(page.getByTestId('units-list').locator('li[data-unit="01-BD"]'), 'đóng từ 01/07/2025');
    await waitForText(page.getByTestId('units-list').locator('li[data-unit="01-BD-PX.2025"]'), 'đóng từ 01/07/2025');
  });
});
