import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig, port } from '../index.ts';

const good = { DATABASE_URL: 'postgres://h@127.0.0.1:5432/h', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(baseConfigSchema, good);
    expect(config.HOTLINE_TZ).toBe('Asia/Krasnoyarsk');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.REDIS_PREFIX).toBe('hotline');
  });

  it('names every bad variable with a clear message', () => {
    const schema = baseConfigSchema.extend({ GRPC_PORT: port('GRPC_PORT', 50051) });
    try {
      loadConfig(schema, {
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'redis://x',
        HOTLINE_TZ: 'Mars/Olympus',
        LOG_LEVEL: 'loud',
        GRPC_PORT: '70000',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('DATABASE_URL: DATABASE_URL must start with postgres://');
      expect(message).toContain('HOTLINE_TZ: HOTLINE_TZ must be an IANA time zone');
      expect(message).toContain('LOG_LEVEL');
      expect(message).toContain('GRPC_PORT: GRPC_PORT must be 0-65535');
      expect((error as ConfigError).problems).toHaveLength(4);
    }
  });

  it('reports a missing required variable', () => {
    expect(() => loadConfig(baseConfigSchema, { REDIS_URL: 'redis://x' })).toThrow(
      /DATABASE_URL is required/,
    );
  });

  it('coerces numbers', () => {
    const schema = z.object({ P: port('P', 1) });
    expect(loadConfig(schema, { P: '8080' }).P).toBe(8080);
  });
});
