import { describe, expect, it } from 'vitest';
import { DomainError, FieldProblemsError, NotFoundError, RowProblemsError, ValidationError, VersionConflictError } from './errors.ts';

describe('DomainError', () => {
  it.each([
    [new DomainError('conflict', 'Đã tồn tại.'), 'conflict', 'Đã tồn tại.', {}],
    [new DomainError('invalid_period', 'Sai tuần.', { field: 'period' }), 'invalid_period', 'Sai tuần.', { field: 'period' }],
    [
      new ValidationError('values.tuyen-pho', 'Sai.', 'Wrong.', { value: 1.5 }),
      'validation',
      'Sai.',
      { value: 1.5, field: 'values.tuyen-pho', messageEn: 'Wrong.' },
    ],
    [
      new NotFoundError('đơn vị', '01', 'unit'),
      'not_found',
      'Không tìm thấy đơn vị "01".',
      { what: 'đơn vị', key: '01', messageEn: 'No unit "01" was found.' },
    ],
    [new NotFoundError('chỉ tiêu', 'x'), 'not_found', 'Không tìm thấy chỉ tiêu "x".', { what: 'chỉ tiêu', key: 'x', messageEn: 'Not found: "x".' }],
  ])('%o carries its code, message and details', (error, code, message, details) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.details).toEqual(details);
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it.each([
    [new ValidationError('f', 'a', 'b'), 'ValidationError'],
    [new NotFoundError('x', 'y'), 'NotFoundError'],
    [new DomainError('forbidden', 'z'), 'DomainError'],
  ])('names %s after its class', (error, name) => {
    expect(error.name).toBe(name);
  });

  it('copies the details it is given', () => {
    const details: Record<string, unknown> = { a: 1 };
    const error = new DomainError('conflict', 'x', details);
    details.a = 2;
    expect(error.details.a).toBe(1);
  });
});

describe('the errors of many problems', () => {
  const streets = { field: 'values.tuyen-pho', message: 'Sai.', messageEn: 'Wrong.' };
  const unusual = { field: 'values.km-duong', message: 'Bất thường.', messageEn: 'Unusual.', kind: 'outlier' as const };

  it('FieldProblemsError carries the first problem and every problem, as the HTTP answer reads them', () => {
    const error = new FieldProblemsError([streets, unusual]);
    expect(error).toBeInstanceOf(DomainError);
    expect([error.code, error.message, error.name]).toEqual(['validation', 'Sai.', 'FieldProblemsError']);
    expect(error.fields).toEqual([streets, unusual]);
    expect(error.details).toEqual({ field: 'values.tuyen-pho', messageEn: 'Wrong.', fields: [streets, unusual] });
    expect(Object.isFrozen(error.fields)).toBe(true);
  });

  it('FieldProblemsError needs a problem', () => {
    expect(() => new FieldProblemsError([])).toThrow(RangeError);
  });

  it('RowProblemsError counts the rows', () => {
    const rows = [{ line: 1, column: 'header', message: 'Sai.', messageEn: 'Wrong.' }, { line: 3, column: 'value', message: 'Sai.', messageEn: 'Wrong.' }];
    const error = new RowProblemsError(rows);
    expect([error.code, error.message]).toEqual(['validation', 'Tệp có 2 lỗi; chưa có dữ liệu nào được ghi.']);
    expect(error.rows).toEqual(rows);
    expect(error.details).toEqual({ messageEn: 'The file has 2 error(s); nothing was written.', rows });
  });

  it('VersionConflictError names the stored version', () => {
    const error = new VersionConflictError(4);
    expect([error.code, error.currentVersion, error.message]).toEqual(['conflict', 4, 'Báo cáo đã được người khác cập nhật. Vui lòng tải lại trước khi lưu.']);
    expect(error.details).toEqual({ messageEn: 'The report was changed by someone else. Reload it before saving.', currentVersion: 4 });
  });
});
