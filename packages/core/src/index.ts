export * from './errors.ts';
export * from './format.ts';
export * from './period.ts';
export * from './hierarchy.ts';
export * from './indicator.ts';
export * from './target.ts';
export * from './rollup.ts';
export * from './campaign.ts';
