export * from './config.ts';
export * from './schemas.ts';
