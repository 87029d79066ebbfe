// Alert settings from ALERT_* variables: where to post, and the thresholds of each rule.
import { z } from 'zod';
import { envBytes, envDuration, envInt, loadEnv, type Env } from '../config/index.js';

export const AlertSettingsSchema = z.object({
  /** Slack- or Mattermost-compatible incoming webhook; unset = no alerts. */
  webhookUrl: z.url(),
  /** Failed calls of one function in a row that raise an alert. */
  failuresInARow: z.number().int().min(1).default(3),
  /** How long the async queue must keep growing (or stay non-empty without shrinking) before it alerts. */
  backlogGrowingMs: z.number().min(0).default(10 * 60_000),
  /** Folder whose file system is watched (GPFS_ROOT); unset = no free-space rule. */
  archiveRoot: z.string().min(1).optional(),
  /** Alert when free bytes there fall below this. */
  archiveFreeBytesMin: z.number().min(0).default(500 * 1024 ** 3),
  /** At most one firing message per rule and subject within this time (flapping stays quiet). */
  minIntervalMs: z.number().min(0).default(15 * 60_000),
  /** How often the periodic rules (dead letters, backlog, free space) are checked. */
  checkIntervalMs: z.number().min(10).default(30_000),
});
export type AlertSettings = z.output<typeof AlertSettingsSchema>;

const AlertEnv = z.object({
  ALERT_WEBHOOK_URL: z.url().optional(),
  ALERT_FAILURES_IN_A_ROW: envInt.optional(),
  ALERT_BACKLOG_GROWING: envDuration.optional(),
  GPFS_ROOT: z.string().optional(),
  ALERT_ARCHIVE_FREE_MIN: envBytes.optional(),
  ALERT_MIN_INTERVAL: envDuration.optional(),
  ALERT_CHECK_INTERVAL: envDuration.optional(),
});

/** The alert settings, or undefined when ALERT_WEBHOOK_URL is unset. The webhook URL is a secret (it carries its token). */
export function loadAlertConfig(env: Env = process.env): AlertSettings | undefined {
  const e = loadEnv('alerts', AlertEnv, env, { secrets: ['ALERT_WEBHOOK_URL'] });
  if (!e.ALERT_WEBHOOK_URL) return undefined;
  const given = {
    webhookUrl: e.ALERT_WEBHOOK_URL, failuresInARow: e.ALERT_FAILURES_IN_A_ROW, backlogGrowingMs: e.ALERT_BACKLOG_GROWING,
    archiveRoot: e.GPFS_ROOT, archiveFreeBytesMin: e.ALERT_ARCHIVE_FREE_MIN, minIntervalMs: e.ALERT_MIN_INTERVAL, checkIntervalMs: e.ALERT_CHECK_INTERVAL,
  };
  return AlertSettingsSchema.parse(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
}
