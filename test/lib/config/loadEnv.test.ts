import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envBool, envDuration, envPort, loadEnv } from '../../../lib/config/index.js';

const Schema = z.object({
  APP_PORT: envPort.default(8080),
  APP_DEBUG: envBool.default(false),
  APP_WAIT: envDuration.optional(),
  APP_SECRET: z.string().min(8),
});

describe('loadEnv', () => {
  it('reads and converts each variable, treating empty as unset', () => {
    expect(loadEnv('app', Schema, { APP_PORT: '9000', APP_DEBUG: '', APP_WAIT: '1m30s', APP_SECRET: 'abcdefgh' }))
      .toEqual({ APP_PORT: 9000, APP_DEBUG: false, APP_WAIT: 90_000, APP_SECRET: 'abcdefgh' });
  });

  it('lists every bad variable by name in one error', () => {
    expect(() => loadEnv('app', Schema, { APP_PORT: '70000', APP_DEBUG: 'yes' }))
      .toThrow('app config: APP_PORT: expected a port 0..65535, got "70000"; APP_DEBUG: expected true or false, got "yes"; APP_SECRET is not set');
  });

  it('reads a secret from <NAME>_FILE and never echoes a secret value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadenv-'));
    try {
      await writeFile(join(dir, 'secret'), 'from-a-file\n');
      expect(loadEnv('app', Schema, { APP_SECRET_FILE: join(dir, 'secret') }, { secrets: ['APP_SECRET'] }).APP_SECRET).toBe('from-a-file');
      let message = '';
      try {
        loadEnv('app', Schema, { APP_SECRET: 'short' }, { secrets: ['APP_SECRET'] });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^app config: APP_SECRET: /);
      expect(message).not.toContain('short');
      expect(() => loadEnv('app', Schema, { APP_SECRET_FILE: join(dir, 'missing') }, { secrets: ['APP_SECRET'] }))
        .toThrow(`APP_SECRET_FILE: cannot read "${join(dir, 'missing')}" (ENOENT)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ignores <NAME>_FILE for variables not declared secret', () => {
    expect(() => loadEnv('app', Schema, { APP_SECRET_FILE: '/etc/hostname' })).toThrow('APP_SECRET is not set');
  });
});
