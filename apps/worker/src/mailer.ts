import { createTransport } from 'nodemailer';
import type { Mailer } from '../../../activities';

/** The SMTP mailer (nodemailer), or none when SMTP_URL is not set: notifications then stay in-app. */
export function createSmtpMailer(smtpUrl: string | undefined, from: string): (Mailer & { close(): void }) | undefined {
  if (!smtpUrl) return undefined;
  const transport = createTransport(smtpUrl);
  return {
    async send({ to, subject, text, html }) {
      await transport.sendMail({ from, to, subject, text, html });
    },
    close() {
      transport.close();
    },
  };
}
