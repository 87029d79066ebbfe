// Alert delivery by e-mail through an SMTP relay (nodemailer): the first line is the subject, the whole text the body.
import nodemailer from 'nodemailer';
import type { EmailTarget } from './alertConfig.js';
import type { Notify } from './alertState.js';

/** Drops Slack/Mattermost emoji codes (":rotating_light: "), which mail clients show as text. */
const plain = (text: string) => text.replace(/^:[a-z_]+:\s*/, '');

export function emailNotify(target: EmailTarget): Notify {
  const url = new URL(target.smtpUrl);
  if (target.password !== undefined) url.password = encodeURIComponent(target.password);
  // One pooled connection to the relay; alerts are rare, so the pool rarely holds more than one message.
  const transport = nodemailer.createTransport(url.href);
  return async (text) => {
    const body = plain(text);
    await transport.sendMail({ from: target.from, to: target.to, subject: `[cryoem-daq] ${body.split('\n')[0].slice(0, 180)}`, text: `${body}\n` });
  };
}
