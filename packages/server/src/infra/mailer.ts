/**
 * The SMTP side of notifications: a nodemailer transport built from the configuration, or
 * null when no SMTP server is configured (notifications then stay in-app only).
 */
import nodemailer from 'nodemailer';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  readonly from: string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

// Short timeouts: a silent SMTP server must fail one delivery pass, not hang the scheduler.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/** A mailer on `smtpUrl` (smtp://host:port, smtps://user:pass@host), or null when it is unset. */
export function createMailer(config: { readonly smtpUrl: string | undefined; readonly mailFrom: string }): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport({ url: config.smtpUrl, ...TIMEOUTS });
  return Object.freeze({
    from: config.mailFrom,
    async send(message: MailMessage) {
      await transport.sendMail({ from: config.mailFrom, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  });
}
