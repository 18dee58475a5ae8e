/** Indicators: the reference data every campaign names. */
import { DomainError, REPORTING_MODES, VALUE_KINDS, ValidationError, type Indicator } from '@giaoban/core';
import { indicatorsRepository, type NewIndicator } from '@giaoban/db';
import type { ServiceContext } from '../infra/index.ts';

export async function listIndicators(ctx: ServiceContext): Promise<Indicator[]> {
  return indicatorsRepository.listAll(ctx.db);
}

export async function createIndicator(ctx: ServiceContext, input: NewIndicator): Promise<Indicator> {
  if (!/^[a-z0-9][a-z0-9-]{0,47}$/.test(input.code)) {
    throw new ValidationError('code', 'Mã chỉ tiêu chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tối đa 48 ký tự).', 'An indicator code uses lowercase letters, digits and hyphens (at most 48 characters).');
  }
  if (!input.name.trim()) throw new ValidationError('name', 'Tên chỉ tiêu không được để trống.', 'The indicator name is required.');
  if (!input.unitOfMeasure.trim()) throw new ValidationError('unitOfMeasure', 'Đơn vị tính không được để trống.', 'The unit of measure is required.');
  if (!VALUE_KINDS.includes(input.valueKind)) throw new ValidationError('valueKind', 'Kiểu giá trị không hợp lệ.', 'Invalid value kind.');
  if (!REPORTING_MODES.includes(input.reportingMode)) throw new ValidationError('reportingMode', 'Cách báo cáo không hợp lệ.', 'Invalid reporting mode.');
  if ((await indicatorsRepository.listByCodes(ctx.db, [input.code])).length > 0) {
    throw new DomainError('conflict', `Mã chỉ tiêu "${input.code}" đã được dùng.`, { field: 'code', messageEn: `Indicator code "${input.code}" is already in use.` });
  }
  return indicatorsRepository.insert(ctx.db, { ...input, name: input.name.trim(), unitOfMeasure: input.unitOfMeasure.trim() });
}
