import { useRef, useState } from "react";
import { api, seg } from "../api/client.ts";
import type { Email, EmailStatus } from "../api/types.ts";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Link } from "../components/link.tsx";
import { Pager, useCursors } from "../components/pager.tsx";
import { Badge, Empty, LoadStates } from "../components/states.tsx";
import { formatDateTime, humanize } from "../format.ts";
import { usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";

const pageSize = 25;

/** The email outbox: what was sent, what is waiting or dead-lettered, and resend. */
export function EmailsPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Emails", heading);
  const [status, setStatus] = useState<"" | EmailStatus>("");
  const cursors = useCursors();
  const [version, setVersion] = useState(0);
  const cursor = cursors.cursor;
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
              cursors.reset();
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
      <LoadStates resource={emails} label="Loading emails…" />
      {data && data.emails.length === 0 ? (
        <Empty title={status ? "No emails with this status." : "No emails yet."}>
          <p>Order confirmations and shipping updates appear here.</p>
        </Empty>
      ) : null}
      {data && data.emails.length > 0 ? (
        <div className="card card--flush" aria-busy={emails.state === "loading"}>
          <DataTable
            caption="Emails, newest first"
            columns={emailColumns(() => setVersion((v) => v + 1))}
            rows={data.emails}
            rowKey={(e) => e.id}
          />
          <Pager label="Pages of emails" cursors={cursors} next={data.next} labels={["Newer", "Older"]} />
        </div>
      ) : null}
    </section>
  );
}

function emailColumns(onResent: () => void): Column<Email>[] {
  return [
    {
      header: "Email",
      rowHeader: true,
      cell: (e) => (
        <>
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
        </>
      ),
    },
    { header: "To", cell: (e) => e.recipient },
    { header: "Created", cell: (e) => formatDateTime(e.createdAt) },
    {
      header: "Status",
      cell: (e) => (
        <>
          <Badge status={e.status} />
          <span className="cell-sub">
            {e.status === "sent" && e.sentAt ? `Sent ${formatDateTime(e.sentAt)}` : null}
            {e.status !== "sent" ? `${e.attempts} attempt${e.attempts === 1 ? "" : "s"}` : null}
          </span>
          {e.lastError && e.status !== "sent" ? (
            <span className="cell-sub cell-sub--error">{e.lastError}</span>
          ) : null}
        </>
      ),
    },
    {
      header: "Actions",
      hideHeader: true,
      cell: (e) => (e.status === "pending" ? null : <ResendButton email={e} onResent={onResent} />),
    },
  ];
}

function ResendButton({ email: e, onResent }: { email: Email; onResent(): void }) {
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
    <>
      <button
        type="button"
        className="button button--ghost button--small"
        onClick={resend}
        disabled={busy}
        aria-label={`Resend “${e.subject}” to ${e.recipient}`}
      >
        {busy ? "Sending…" : "Resend"}
      </button>
      {error ? (
        <span className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
