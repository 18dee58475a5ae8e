import { z } from 'zod';
import { REPORTING_MODES, VALUE_KINDS } from '@giaoban/core';
import { indicatorSchema } from '../http/index.ts';

export const createIndicatorBody = z.object({
  code: z.string().min(1).max(48),
  name: z.string().min(1).max(300),
  unitOfMeasure: z.string().min(1).max(40),
  valueKind: z.enum(VALUE_KINDS),
  reportingMode: z.enum(REPORTING_MODES).default('increment'),
});

export const indicatorListResponse = z.object({ indicators: z.array(indicatorSchema) });
export const indicatorResponse = z.object({ indicator: indicatorSchema });
