// Alerts by e-mail through a real SMTP server (smtp-server on a free port), configured from ALERT_* variables with the
// relay's password in a _FILE: a function failing three times in a row is mailed once, and its resolution once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlerts } from '../../../gateway/alerts/startAlerts.js';
import { loadAlertConfig } from '../../../lib/alerts/index.js';
import { createLogger } from '../../../lib/log.js';

interface Mail { from: string; to: string[]; user: string | undefined; subject: string; body: string }
const mails: Mail[] = [];
let server: SMTPServer;
let port = 0;
let dir: string;

/** Quoted-printable bytes (=XX) as UTF-8 text; `underscoreIsSpace` for RFC 2047 "Q" encoded words. */
const qp = (s: string, underscoreIsSpace: boolean) =>
  Buffer.from((underscoreIsSpace ? s.replace(/_/g, ' ') : s).replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

/** RFC 2047 encoded words (=?UTF-8?Q?…?=), adjacent ones joined without the whitespace between them. */
const decodeWords = (s: string) => s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_m, q: string) => qp(q, true));

/** Headers unfolded (RFC 5322 long lines continue with whitespace), then the Subject and the body after the blank line. */
function parse(raw: string): { subject: string; body: string } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const subject = decodeWords(/^Subject: (.*)$/m.exec(head.replace(/\r\n[ \t]+/g, ' '))?.[1] ?? '');
  const body = rest.join('\r\n\r\n');
  return { subject, body: (/^Content-Transfer-Encoding: quoted-printable/im.test(head) ? qp(body.replace(/=\r\n/g, ''), false) : body).trim() };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'alerts-smtp-'));
  writeFileSync(path.join(dir, 'smtp-password'), 's3cret-relay\n');
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true, logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'alerts' && auth.password === 's3cret-relay') cb(null, { user: auth.username });
      else cb(new Error('wrong SMTP credentials'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
      stream.on('end', () => {
        const env = session.envelope;
        mails.push({ from: env.mailFrom ? env.mailFrom.address : '', to: env.rcptTo.map((r) => r.address), user: typeof session.user === 'string' ? session.user : undefined, ...parse(raw) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('alerts by e-mail', () => {
  it('mails FIRING once for three failures in a row and RESOLVED when the function answers again', async () => {
    const settings = loadAlertConfig({
      ALERT_SMTP_URL: `smtp://alerts@127.0.0.1:${port}`, ALERT_SMTP_PASSWORD_FILE: path.join(dir, 'smtp-password'),
      ALERT_EMAIL_TO: 'ops@facility.example, night@facility.example', ALERT_EMAIL_FROM: 'cryoem-daq@facility.example', ALERT_MIN_INTERVAL: '1m',
    });
    expect(settings?.webhookUrl).toBeUndefined();
    const alerts = startAlerts(settings, { functionNames: () => ['motioncor'], depth: () => ({ queued: 0, inflight: 0 }), deadLetterCount: async () => 0 }, createLogger('gateway', {}, () => undefined));
    try {
      const observe = alerts.tee(() => undefined);
      for (const status of [500, 502, 500, 500, null]) observe('motioncor', 'async', status, 1);
      await expect.poll(() => mails.length, { timeout: 10_000 }).toBe(1);
      observe('motioncor', 'async', 200, 1);
      await expect.poll(() => mails.length, { timeout: 10_000 }).toBe(2);
      expect(mails.map((m) => m.subject)).toEqual([
        '[cryoem-daq] FIRING function "motioncor" failed 3 calls in a row (last status 500)',
        '[cryoem-daq] RESOLVED function "motioncor" answers again',
      ]);
      expect(mails[0].body).toBe('FIRING function "motioncor" failed 3 calls in a row (last status 500)');
      for (const m of mails) {
        expect(m.from).toBe('cryoem-daq@facility.example');
        expect(m.to).toEqual(['ops@facility.example', 'night@facility.example']);
        expect(m.user).toBe('alerts');
      }
    } finally {
      alerts.stop();
    }
  });

  it('refuses an SMTP relay without recipients, naming the variables', () => {
    expect(() => loadAlertConfig({ ALERT_SMTP_URL: 'smtp://relay.example:25' })).toThrow('alerts config: ALERT_SMTP_URL: needs ALERT_EMAIL_TO and ALERT_EMAIL_FROM as well');
  });
});
