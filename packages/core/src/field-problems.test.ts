import { describe, expect, it } from 'vitest';
import { FieldProblemsError, ValidationError } from './errors.ts';
import { FieldProblems } from './field-problems.ts';
import { parseNumber } from './format.ts';
import type { FieldIssue } from './quality.ts';

describe('FieldProblems', () => {
  it('collects the problems in order and throws them together', () => {
    const problems = new FieldProblems();
    expect(problems.capture('values.tuyen-pho', () => parseNumber('12'))).toBe(12);
    // The caller's path replaces the helper's generic one ('value').
    expect(problems.capture('values.km-duong', () => parseNumber('abc'))).toBeUndefined();
    // null keeps the error's own path.
    problems.capture(null, () => { throw new ValidationError('reason', 'Cần lý do.', 'A reason is needed.'); });
    problems.add('highlights', 'Quá dài.', 'Too long.');
    const issue: FieldIssue = { field: 'values.tnv', message: 'Bất thường.', messageEn: 'Unusual.', details: { value: 100 } };
    problems.addIssue(issue, 'outlier');
    expect(problems.size).toBe(4);
    expect(problems.list()).toEqual([
      { field: 'values.km-duong', message: 'Giá trị "abc" không phải là số.', messageEn: 'Value "abc" is not a number.' },
      { field: 'reason', message: 'Cần lý do.', messageEn: 'A reason is needed.' },
      { field: 'highlights', message: 'Quá dài.', messageEn: 'Too long.' },
      { field: 'values.tnv', message: 'Bất thường.', messageEn: 'Unusual.', kind: 'outlier' },
    ]);
    expect(() => problems.throwIfAny()).toThrow(FieldProblemsError);
    expect(problems.toError()?.details.fields).toEqual(problems.list());
  });

  it('takes in every problem of a FieldProblemsError captured with its own paths', () => {
    const problems = new FieldProblems();
    problems.capture(null, () => {
      throw new FieldProblemsError([
        { field: 'name', message: 'Thiếu tên.', messageEn: 'No name.' },
        { field: 'endDate', message: 'Sai ngày.', messageEn: 'Bad date.' },
      ]);
    });
    expect(problems.list().map((p) => p.field)).toEqual(['name', 'endDate']);
  });

  it('throws nothing without a problem', () => {
    const problems = new FieldProblems();
    expect(problems.toError()).toBeNull();
    expect(() => problems.throwIfAny()).not.toThrow();
  });

  it('lets other errors through', () => {
    expect(() => new FieldProblems().capture('x', () => { throw new RangeError('bug'); })).toThrow(RangeError);
  });
});
