import type { Db } from "../../shared/db/database.ts";
import { enqueueEmail } from "./emails.repository.ts";
import type { StoreProfile } from "./store-profile.ts";

export type AccountEmailKind = "password_reset" | "email_verification";

const words: Record<AccountEmailKind, { subject: string; path: string; lead: string; action: string }> = {
  password_reset: {
    subject: "reset your password",
    path: "/account/reset-password",
    lead: "Someone asked to reset the password of your account. If it was not you, ignore this email.",
    action: "Choose a new password (the link works once, for one hour)",
  },
  email_verification: {
    subject: "confirm your email address",
    path: "/account/verify-email",
    lead: "Confirm that this address is yours; orders you placed as a guest with it then join your account.",
    action: "Confirm your email address (the link works once)",
  },
};

/**
 * Queues a password-reset or verification email inside the caller's transaction, so the email
 * exists exactly when the token does. The token rides in the URL fragment, which browsers never
 * send to a server or in a Referer. Sending happens later in the EmailSender.
 */
export async function queueAccountEmail(
  tx: Db,
  email: { kind: AccountEmailKind; recipient: string; token: string },
  store: StoreProfile,
  at: Date,
): Promise<string | undefined> {
  const w = words[email.kind];
  const link = `${store.url.replace(/\/+$/, "")}${w.path}#token=${encodeURIComponent(email.token)}`;
  const text = [w.lead, "", `${w.action}: ${link}`, "", store.name].join("\n");
  const html = `<p>${escapeHtml(w.lead)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(w.action)}</a></p><p>${escapeHtml(store.name)}</p>`;
  return enqueueEmail(
    tx,
    {
      kind: email.kind,
      orderId: null,
      recipient: email.recipient,
      subject: `${store.name}: ${w.subject}`,
      text,
      html,
    },
    at,
  );
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
