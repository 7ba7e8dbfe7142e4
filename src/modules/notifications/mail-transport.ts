import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";

export interface OutgoingMail {
  /** Stable per queued email, so a receiver can drop the copy a crash-and-retry may send. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/**
 * Where emails go. `send` resolves once the message is accepted (by the SMTP server, or on disk)
 * and throws when it was not; the sender retries with backoff. Called by the sender loop only,
 * never on a request path; one call may take as long as the transport's timeouts.
 */
export interface MailTransport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** SMTP via nodemailer, one connection per message; timeouts bound a hung server. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    name: "smtp",
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}

/**
 * The embedded default: each message as a .eml file in `dir`, named by its message id. Written
 * to a temporary name and renamed, so a reader never sees half a message.
 */
export function fileTransport(dir: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    name: "file",
    async send(mail) {
      const info = await builder.sendMail(mail);
      await mkdir(dir, { recursive: true });
      const name = mail.messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9_.-]/g, "_");
      const path = join(dir, `${name}.eml`);
      await writeFile(`${path}.tmp`, info.message);
      await rename(`${path}.tmp`, path);
    },
    close: () => builder.close(),
  };
}
