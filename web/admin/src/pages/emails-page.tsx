import { useRef, useState } from "react";
import { api, seg } from "../api/client.ts";
import type { Email, EmailStatus } from "../api/types.ts";
import { Link } from "../components/link.tsx";
import { Badge, Empty, ErrorNotice, Loading } from "../components/states.tsx";
import { formatDateTime, humanize } from "../format.ts";
import { usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";

const pageSize = 25;

/** The email outbox: what was sent, what is waiting or dead-lettered, and resend. */
export function EmailsPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Emails", heading);
  const [status, setStatus] = useState<"" | EmailStatus>("");
  const [cursors, setCursors] = useState<string[]>([]);
  const [version, setVersion] = useState(0);
  const cursor = cursors.at(-1);
  const emails = useResource(`${status}|${cursor ?? ""}|${version}`, (signal) =>
    api<{ emails: Email[]; next: string | null }>("/admin/emails", {
      signal,
      query: { limit: pageSize, status, before: cursor },
    }),
  );
  const data = emails.data;
  return (
    <section className="page" aria-labelledby="emails-heading">
      <div className="page__header">
        <h1 id="emails-heading" ref={heading} tabIndex={-1}>
          Emails
        </h1>
        <div className="field field--inline">
          <label htmlFor="email-status">Status</label>
          <select
            id="email-status"
            value={status}
            onChange={(e) => {
              setCursors([]);
              setStatus(e.target.value as typeof status);
            }}
          >
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="sent">Sent</option>
            <option value="dead">Failed (dead-lettered)</option>
          </select>
        </div>
      </div>
      {emails.state === "error" ? <ErrorNotice problem={emails.problem} onRetry={emails.reload} /> : null}
      {!data && emails.state === "loading" ? <Loading label="Loading emails…" /> : null}
      {data && data.emails.length === 0 ? (
        <Empty title={status ? "No emails with this status." : "No emails yet."}>
          <p>Order confirmations and shipping updates appear here.</p>
        </Empty>
      ) : null}
      {data && data.emails.length > 0 ? (
        <div className="card card--flush" aria-busy={emails.state === "loading"}>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Emails, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">To</th>
                  <th scope="col">Created</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.emails.map((e) => (
                  <EmailRow key={e.id} email={e} onResent={() => setVersion((v) => v + 1)} />
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages of emails">
            <button
              type="button"
              className="button button--secondary"
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Newer
            </button>
            <span className="pager__info">Page {cursors.length + 1}</span>
            <button
              type="button"
              className="button button--secondary"
              disabled={!data.next}
              onClick={() => data.next && setCursors((c) => [...c, data.next as string])}
            >
              Older
            </button>
          </nav>
        </div>
      ) : null}
    </section>
  );
}

function EmailRow({ email: e, onResent }: { email: Email; onResent(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function resend() {
    setBusy(true);
    setError(null);
    try {
      await api(`/admin/emails/${seg(e.id)}/resend`, { method: "POST" });
      onResent();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <tr>
      <th scope="row">
        <span className="cell-main">{e.subject}</span>
        <span className="cell-sub">
          {humanize(e.kind)}
          {e.orderId ? (
            <>
              {" · "}
              <Link to={`/orders/${e.orderId}`}>view order</Link>
            </>
          ) : null}
        </span>
      </th>
      <td>{e.recipient}</td>
      <td>{formatDateTime(e.createdAt)}</td>
      <td>
        <Badge status={e.status} />
        <span className="cell-sub">
          {e.status === "sent" && e.sentAt ? `Sent ${formatDateTime(e.sentAt)}` : null}
          {e.status !== "sent" ? `${e.attempts} attempt${e.attempts === 1 ? "" : "s"}` : null}
        </span>
        {e.lastError && e.status !== "sent" ? (
          <span className="cell-sub cell-sub--error">{e.lastError}</span>
        ) : null}
      </td>
      <td>
        {e.status === "pending" ? null : (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={resend}
            disabled={busy}
            aria-label={`Resend “${e.subject}” to ${e.recipient}`}
          >
            {busy ? "Sending…" : "Resend"}
          </button>
        )}
        {error ? (
          <span className="field__error" role="alert">
            {error}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
