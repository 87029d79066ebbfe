// Alert settings from ALERT_* variables: where to send (webhook, e-mail through an SMTP relay), and each rule's threshold.
import { z } from 'zod';
import { envBytes, envDuration, envInt, loadEnv, type Env } from '../config/index.js';

export const EmailTargetSchema = z.object({
  /** smtp://host:port or smtps://user@host:port (nodemailer's connection URL). */
  smtpUrl: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL'),
  /** The relay's password, when its URL names a user and the password comes from ALERT_SMTP_PASSWORD(_FILE). */
  password: z.string().min(1).optional(),
  to: z.array(z.string().min(3)).min(1),
  from: z.string().min(3),
});
export type EmailTarget = z.output<typeof EmailTargetSchema>;

export const AlertSettingsSchema = z.object({
  /** Slack- or Mattermost-compatible incoming webhook. */
  webhookUrl: z.url().optional(),
  /** E-mail through an SMTP relay. */
  email: EmailTargetSchema.optional(),
  /** Failed calls of one function in a row that raise an alert. */
  failuresInARow: z.number().int().min(1).default(3),
  /** How long the async queue must keep growing (or stay non-empty without shrinking) before it alerts. */
  backlogGrowingMs: z.number().min(0).default(10 * 60_000),
  /** Folder whose file system is watched (GPFS_ROOT); unset = no free-space rule. */
  archiveRoot: z.string().min(1).optional(),
  /** Alert when free bytes there fall below this. */
  archiveFreeBytesMin: z.number().min(0).default(500 * 1024 ** 3),
  /** Exposures in a row that curation rejects in a live session before it alerts (the connector's rule). */
  rejectedInARow: z.number().int().min(1).default(5),
  /** At most one firing message per rule and subject within this time (flapping stays quiet). */
  minIntervalMs: z.number().min(0).default(15 * 60_000),
  /** How often the periodic rules (dead letters, backlog, free space) are checked. */
  checkIntervalMs: z.number().min(10).default(30_000),
}).refine((s) => s.webhookUrl !== undefined || s.email !== undefined, 'alerts need a target: webhookUrl or email');
export type AlertSettings = z.output<typeof AlertSettingsSchema>;

const AlertEnv = z.object({
  ALERT_WEBHOOK_URL: z.url().optional(),
  ALERT_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL').optional(),
  ALERT_SMTP_PASSWORD: z.string().optional(),
  /** Comma-separated addresses. */
  ALERT_EMAIL_TO: z.string().optional(),
  ALERT_EMAIL_FROM: z.string().optional(),
  ALERT_FAILURES_IN_A_ROW: envInt.optional(),
  ALERT_BACKLOG_GROWING: envDuration.optional(),
  GPFS_ROOT: z.string().optional(),
  ALERT_ARCHIVE_FREE_MIN: envBytes.optional(),
  ALERT_REJECTED_IN_A_ROW: envInt.optional(),
  ALERT_MIN_INTERVAL: envDuration.optional(),
  ALERT_CHECK_INTERVAL: envDuration.optional(),
}).refine((e) => !e.ALERT_SMTP_URL || (e.ALERT_EMAIL_TO && e.ALERT_EMAIL_FROM), { message: 'needs ALERT_EMAIL_TO and ALERT_EMAIL_FROM as well', path: ['ALERT_SMTP_URL'] });

/**
 * The alert settings, or undefined when neither ALERT_WEBHOOK_URL nor ALERT_SMTP_URL is set. The webhook URL (it carries
 * its token), the SMTP URL (it may carry a password) and ALERT_SMTP_PASSWORD are secrets: each may come from `<NAME>_FILE`.
 */
export function loadAlertConfig(env: Env = process.env): AlertSettings | undefined {
  const e = loadEnv('alerts', AlertEnv, env, { secrets: ['ALERT_WEBHOOK_URL', 'ALERT_SMTP_URL', 'ALERT_SMTP_PASSWORD'] });
  if (!e.ALERT_WEBHOOK_URL && !e.ALERT_SMTP_URL) return undefined;
  const email = e.ALERT_SMTP_URL
    ? { smtpUrl: e.ALERT_SMTP_URL, password: e.ALERT_SMTP_PASSWORD, to: (e.ALERT_EMAIL_TO ?? '').split(',').map((s) => s.trim()).filter(Boolean), from: e.ALERT_EMAIL_FROM ?? '' }
    : undefined;
  const given = {
    webhookUrl: e.ALERT_WEBHOOK_URL, email: email && Object.fromEntries(Object.entries(email).filter(([, v]) => v !== undefined)),
    failuresInARow: e.ALERT_FAILURES_IN_A_ROW, backlogGrowingMs: e.ALERT_BACKLOG_GROWING, archiveRoot: e.GPFS_ROOT, archiveFreeBytesMin: e.ALERT_ARCHIVE_FREE_MIN,
    rejectedInARow: e.ALERT_REJECTED_IN_A_ROW, minIntervalMs: e.ALERT_MIN_INTERVAL, checkIntervalMs: e.ALERT_CHECK_INTERVAL,
  };
  return AlertSettingsSchema.parse(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
}
