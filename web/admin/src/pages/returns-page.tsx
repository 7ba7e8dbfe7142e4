import { type FormEvent, useRef, useState } from "react";
import { api, newIdempotencyKey, seg } from "../api/client.ts";
import type { Return, ReturnStatus } from "../api/types.ts";
import { type Column, DataTable } from "../components/data-table.tsx";
import { DownloadButton } from "../components/download-button.tsx";
import { Link } from "../components/link.tsx";
import { Badge, Empty, LoadStates } from "../components/states.tsx";
import { formatDateTime, humanize, money } from "../format.ts";
import { usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";

const statuses: ReturnStatus[] = ["requested", "approved", "received", "refunded", "rejected", "cancelled"];

function returnColumns(select: (id: string) => void): Column<Return>[] {
  return [
    {
      header: "Return",
      rowHeader: true,
      cell: (r) => (
        <button type="button" className="link-button" onClick={() => select(r.id)}>
          {r.number}
        </button>
      ),
    },
    { header: "Order", cell: (r) => <Link to={`/orders/${r.orderId}`}>{r.orderNumber}</Link> },
    { header: "Reason", cell: (r) => humanize(r.reason) },
    { header: "Requested", cell: (r) => formatDateTime(r.createdAt) },
    { header: "Status", cell: (r) => <Badge status={r.status} /> },
  ];
}

/** Returns: the queue by status, and each return's next step (approve or reject, receive, refund). */
export function ReturnsPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Returns", heading);
  const [status, setStatus] = useState<"" | ReturnStatus>("requested");
  const [selected, setSelected] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const list = useResource(`${status}|${version}`, (signal) =>
    api<{ returns: Return[] }>("/admin/returns", { signal, query: { status, limit: 100 } }),
  );
  const returns = list.data?.returns;
  return (
    <section className="page" aria-labelledby="returns-heading">
      <div className="page__header">
        <h1 id="returns-heading" ref={heading} tabIndex={-1}>
          Returns
        </h1>
        <div className="field field--inline">
          <label htmlFor="return-status">Status</label>
          <select
            id="return-status"
            value={status}
            onChange={(e) => {
              setSelected(null);
              setStatus(e.target.value as typeof status);
            }}
          >
            <option value="">All</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="two-col two-col--wide-side">
        <div>
          <LoadStates resource={list} label="Loading returns…" />
          {returns && returns.length === 0 ? (
            <Empty title={status ? `No ${humanize(status).toLowerCase()} returns.` : "No returns yet."}>
              <p>Shoppers request returns from their order status page.</p>
            </Empty>
          ) : null}
          {returns && returns.length > 0 ? (
            <div className="card card--flush">
              <DataTable
                caption="Returns, newest first"
                columns={returnColumns(setSelected)}
                rows={returns}
                rowKey={(r) => r.id}
                rowProps={(r) => ({ "aria-current": selected === r.id ? "true" : undefined })}
              />
            </div>
          ) : null}
        </div>
        {selected ? (
          <ReturnDetail
            key={`${selected}|${version}`}
            returnId={selected}
            onChanged={() => setVersion((v) => v + 1)}
          />
        ) : (
          <div className="card muted">Choose a return to see its lines and take the next step.</div>
        )}
      </div>
    </section>
  );
}

function ReturnDetail({ returnId, onChanged }: { returnId: string; onChanged(): void }) {
  const found = useResource(returnId, (signal) => api<Return>(`/admin/returns/${seg(returnId)}`, { signal }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [rejection, setRejection] = useState("");
  const [refundKey] = useState(newIdempotencyKey);
  const r = found.data;

  async function act(path: string, body: unknown, idempotencyKey?: string) {
    setBusy(true);
    setError(null);
    try {
      await api(`/admin/returns/${seg(returnId)}/${path}`, { method: "POST", body, idempotencyKey });
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  function reject(event: FormEvent) {
    event.preventDefault();
    if (!rejection.trim()) return setError("Say why the return is rejected; the shopper is told.");
    void act("reject", { reason: rejection.trim() });
  }

  if (!r) {
    return (
      <div className="card">
        <LoadStates resource={found} />
      </div>
    );
  }
  return (
    <section className="card" aria-labelledby="return-heading">
      <div className="payment__head">
        <h2 id="return-heading">Return {r.number}</h2>
        <Badge status={r.status} />
      </div>
      <p className="muted">
        For order <Link to={`/orders/${r.orderId}`}>{r.orderNumber}</Link> · {humanize(r.reason)}
      </p>
      {r.note ? <p className="quote">{r.note}</p> : null}
      <ul className="plain-list">
        {r.lines.map((l) => (
          <li key={l.sku}>
            {l.quantity} × {l.title} <span className="cell-sub">SKU {l.sku}</span>
            {l.receivedQuantity !== null ? (
              <span className="cell-sub">
                received {l.receivedQuantity}
                {l.disposition ? `, ${humanize(l.disposition).toLowerCase()}` : ""}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {r.label ? (
        <p>
          Return label: {r.label.carrier}{" "}
          {r.label.trackingUrl ? (
            <a href={r.label.trackingUrl} target="_blank" rel="noreferrer noopener">
              {r.label.trackingNumber}
            </a>
          ) : (
            r.label.trackingNumber
          )}
        </p>
      ) : null}
      {r.refund ? (
        <p>
          Refund {money(r.refund.amount)} to {humanize(r.refund.method).toLowerCase()}:{" "}
          <Badge status={r.refund.status} />
          {r.refund.failureReason ? (
            <span className="cell-sub cell-sub--error">{r.refund.failureReason}</span>
          ) : null}
        </p>
      ) : null}
      {r.rejectionReason ? <p>Rejected: {r.rejectionReason}</p> : null}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        {r.status === "requested" ? (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => act("approve", {})}
            >
              Approve and send label
            </button>
            <button
              type="button"
              className="button button--danger-ghost"
              disabled={busy}
              onClick={() => setRejecting(true)}
            >
              Reject
            </button>
          </>
        ) : null}
        {r.status === "approved" ? (
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() =>
              act("receive", {
                lines: r.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, disposition: "restock" })),
              })
            }
          >
            Mark received (restock)
          </button>
        ) : null}
        {r.status === "received" ? (
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => act("refund", { method: "original_payment" }, refundKey)}
          >
            Refund to the original payment
          </button>
        ) : null}
        {r.label ? (
          <DownloadButton
            path={`/admin/returns/${seg(r.id)}/label.pdf`}
            filename={`return-label-${r.number}.pdf`}
            label="Open label"
            open
          />
        ) : null}
        {r.refund?.creditNoteNumber ? (
          <DownloadButton
            path={`/admin/returns/${seg(r.id)}/credit-note.pdf`}
            filename={`credit-note-${r.refund.creditNoteNumber}.pdf`}
            label="Credit note"
          />
        ) : null}
      </div>
      {rejecting && r.status === "requested" ? (
        <form className="subcard" onSubmit={reject}>
          <div className="field">
            <label htmlFor="reject-reason">Why is it rejected?</label>
            <input
              id="reject-reason"
              value={rejection}
              maxLength={500}
              onChange={(e) => setRejection(e.target.value)}
            />
          </div>
          <button type="submit" className="button button--danger" disabled={busy}>
            Reject return
          </button>
        </form>
      ) : null}
      <h3>History</h3>
      <ol className="timeline">
        {[...r.transitions].reverse().map((t) => (
          <li key={`${t.at}-${t.to}`}>
            <span className="timeline__what">{humanize(t.to)}</span>
            <span className="cell-sub">
              {formatDateTime(t.at)} · {t.actor}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
