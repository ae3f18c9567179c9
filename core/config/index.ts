export { ConfigError } from './errors.ts';
export { loadConfig } from './load.ts';
export { type BaseConfig, baseConfigSchema, port } from './schema.ts';
