import type { StoreProfile } from "./store-profile.ts";

/** The HTML shell every email shares: the store's colour band, the body, the store's address. */
export function emailPage(store: StoreProfile, subject: string, body: string): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="${e(store.locale)}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;font-family:Helvetica,Arial,sans-serif;color:#222">
<div style="background:${e(store.color)};color:#fff;padding:16px 24px;font-size:20px;font-weight:bold">${e(store.name)}</div>
<div style="padding:24px">
${body}
<p style="color:#666;font-size:12px">${[store.name, ...store.address].map(e).join("<br>")}</p>
</div></body></html>`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
