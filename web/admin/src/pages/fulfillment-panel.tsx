import { type FormEvent, useState } from "react";
import { api, newIdempotencyKey, seg } from "../api/client.ts";
import type { Order, Shipment } from "../api/types.ts";
import { DataTable } from "../components/data-table.tsx";
import { DownloadButton } from "../components/download-button.tsx";
import { Badge, LoadStates } from "../components/states.tsx";
import { formatDateTime } from "../format.ts";
import { useResource } from "../use-resource.ts";

/** Units of each SKU not yet in a shipment. */
function unshipped(order: Order, shipments: Shipment[]): Map<string, number> {
  const left = new Map(order.lines.map((l) => [l.sku, l.quantity]));
  for (const s of shipments) for (const l of s.lines) left.set(l.sku, (left.get(l.sku) ?? 0) - l.quantity);
  return left;
}

/** Shipments of the order: create one from the unshipped units, buy its label, mark it shipped. */
export function FulfillmentPanel({
  order,
  version,
  onChanged,
}: {
  order: Order;
  version: number;
  onChanged(): void;
}) {
  const shipments = useResource(`${order.id}|${version}`, (signal) =>
    api<{ shipments: Shipment[] }>(`/admin/orders/${seg(order.id)}/shipments`, { signal }),
  );
  const list = shipments.data?.shipments;
  const left = list ? unshipped(order, list) : undefined;
  const anyLeft = left ? [...left.values()].some((n) => n > 0) : false;
  return (
    <section className="card" aria-labelledby="fulfillment-heading">
      <h2 id="fulfillment-heading">Fulfilment</h2>
      <LoadStates resource={shipments} label="Loading shipments…" />
      {list?.map((s, i) => (
        <ShipmentBlock key={s.id} index={i + 1} order={order} shipment={s} onChanged={onChanged} />
      ))}
      {left && anyLeft && order.status !== "cancelled" ? (
        <NewShipmentForm order={order} left={left} onCreated={onChanged} />
      ) : null}
      {list && !anyLeft ? <p className="muted">Every unit is in a shipment.</p> : null}
    </section>
  );
}

function NewShipmentForm({
  order,
  left,
  onCreated,
}: {
  order: Order;
  left: Map<string, number>;
  onCreated(): void;
}) {
  const lines = order.lines.filter((l) => (left.get(l.sku) ?? 0) > 0);
  const [quantities, setQuantities] = useState(() =>
    Object.fromEntries(lines.map((l) => [l.sku, String(left.get(l.sku) ?? 0)])),
  );
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = lines
      .map((l) => ({ sku: l.sku, quantity: Number(quantities[l.sku] ?? 0) }))
      .filter((l) => l.quantity > 0);
    if (chosen.some((l) => !Number.isInteger(l.quantity) || l.quantity > (left.get(l.sku) ?? 0))) {
      setError("Each quantity must be a whole number no larger than what is left to ship.");
      return;
    }
    if (chosen.length === 0) {
      setError("Choose at least one unit to ship.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api(`/admin/orders/${seg(order.id)}/shipments`, {
        method: "POST",
        body: { lines: chosen },
        idempotencyKey: key,
      });
      setKey(newIdempotencyKey());
      onCreated();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="subcard" onSubmit={submit} aria-labelledby="new-shipment-heading">
      <h3 id="new-shipment-heading">New shipment</h3>
      <DataTable
        compact
        rows={lines}
        rowKey={(l) => l.sku}
        columns={[
          {
            header: "Item",
            cell: (l) => (
              <>
                <span className="cell-main">{l.title}</span>
                <span className="cell-sub">SKU {l.sku}</span>
              </>
            ),
          },
          { header: "Left to ship", numeric: true, cell: (l) => left.get(l.sku) },
          {
            header: "In this shipment",
            numeric: true,
            cell: (l) => (
              <>
                <label className="visually-hidden" htmlFor={`ship-${l.sku}`}>
                  Units of {l.title} in this shipment
                </label>
                <input
                  id={`ship-${l.sku}`}
                  className="input-qty"
                  type="number"
                  min={0}
                  max={left.get(l.sku)}
                  value={quantities[l.sku] ?? "0"}
                  onChange={(e) => setQuantities((q) => ({ ...q, [l.sku]: e.target.value }))}
                />
              </>
            ),
          },
        ]}
      />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Creating…" : "Create shipment"}
      </button>
    </form>
  );
}

function ShipmentBlock({
  index,
  order,
  shipment: s,
  onChanged,
}: {
  index: number;
  order: Order;
  shipment: Shipment;
  onChanged(): void;
}) {
  const [busy, setBusy] = useState<"label" | "ship" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const titles = new Map(order.lines.map((l) => [l.sku, l.title]));

  async function act(kind: "label" | "ship") {
    setBusy(kind);
    setError(null);
    try {
      await api(`/admin/shipments/${seg(s.id)}/${kind}`, { method: "POST" });
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <article className="subcard" aria-labelledby={`shipment-${s.id}`}>
      <div className="payment__head">
        <h3 id={`shipment-${s.id}`}>Shipment {index}</h3>
        <Badge status={s.status} />
      </div>
      <ul className="plain-list">
        {s.lines.map((l) => (
          <li key={l.sku}>
            {l.quantity} × {titles.get(l.sku) ?? l.sku} <span className="cell-sub">SKU {l.sku}</span>
          </li>
        ))}
      </ul>
      <dl className="facts">
        <div>
          <dt>Carrier</dt>
          <dd>
            {s.carrier}
            {s.service ? ` · ${s.service}` : ""}
          </dd>
        </div>
        {s.trackingNumber ? (
          <div>
            <dt>Tracking</dt>
            <dd>
              {s.trackingUrl ? (
                <a href={s.trackingUrl} target="_blank" rel="noreferrer noopener">
                  {s.trackingNumber}
                </a>
              ) : (
                s.trackingNumber
              )}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(s.createdAt)}</dd>
        </div>
        {s.shippedAt ? (
          <div>
            <dt>Shipped</dt>
            <dd>{formatDateTime(s.shippedAt)}</dd>
          </div>
        ) : null}
        {s.deliveredAt ? (
          <div>
            <dt>Delivered</dt>
            <dd>{formatDateTime(s.deliveredAt)}</dd>
          </div>
        ) : null}
      </dl>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        {s.status === "pending" ? (
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null}
            onClick={() => act("label")}
          >
            {busy === "label" ? "Buying label…" : "Buy label"}
          </button>
        ) : null}
        {s.hasLabel ? (
          <DownloadButton
            path={`/admin/shipments/${seg(s.id)}/label.pdf`}
            filename={`label-${s.trackingNumber ?? s.id}.pdf`}
            label="Open label"
            open
          />
        ) : null}
        {s.status === "labelled" ? (
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null}
            onClick={() => act("ship")}
          >
            {busy === "ship" ? "Marking…" : "Mark as shipped"}
          </button>
        ) : null}
      </div>
    </article>
  );
}
