// Passwords as scrypt hashes (checked against node's scrypt run here), tokens kept only as SHA-256.
import { createHash, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticateUser } from '../../../lib/access/authenticate.js';
import type { AccessState } from '../../../lib/access/model.js';
import { hashPassword, newToken, tokenId, verifyPassword } from '../../../lib/access/secrets.js';

describe('secrets', () => {
  it('stores an scrypt hash that node\'s own scrypt reproduces, never the password', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).not.toContain('correct horse');
    const [, n, r, p, salt, hash] = stored.split('$');
    const again = scryptSync('correct horse', Buffer.from(salt, 'base64'), 32, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
    expect(again.toString('base64')).toBe(hash);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
  });

  it('issues tokens whose SHA-256 alone is kept', () => {
    const t = newToken();
    expect(t.sha256).toBe(createHash('sha256').update(t.token).digest('hex'));
    expect(tokenId(t.token)).toBe(t.id);
    expect(tokenId('cdt_nothex_x')).toBeNull();
  });

  it('refuses an expired token with its expiry time', async () => {
    const t = newToken();
    const state: AccessState = {
      version: 1, experiments: [], users: [{ name: 'bob', displayName: '', enabled: true, admin: false }],
      tokens: [{ id: t.id, user: 'bob', sha256: t.sha256, created: '2026-01-01T00:00:00.000Z', expires: '2026-02-01T00:00:00.000Z', revoked: null }],
    };
    expect(await authenticateUser(state, `Bearer ${t.token}`, new Date('2026-01-31T23:59:59Z'))).toMatchObject({ kind: 'user', user: { name: 'bob' } });
    await expect(authenticateUser(state, `Bearer ${t.token}`, new Date('2026-02-01T00:00:00Z'))).rejects.toThrow(`bearer token ${t.id}: expired at 2026-02-01T00:00:00.000Z`);
    await expect(authenticateUser(state, `Bearer ${newToken().token}`, new Date('2026-01-02T00:00:00Z'))).rejects.toThrow('bearer token: unknown token');
  });
});
