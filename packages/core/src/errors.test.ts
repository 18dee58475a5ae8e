import { describe, expect, it } from 'vitest';
import { DomainError, NotFoundError, ValidationError } from './errors.ts';

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
