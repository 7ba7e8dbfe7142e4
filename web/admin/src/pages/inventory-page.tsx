import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, seg } from "../api/client.ts";
import { type AdjustmentReason, adjustmentReasons, type StockLevel } from "../api/types.ts";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Pager, useCursors } from "../components/pager.tsx";
import { Empty, FormMessage, type FormMessageValue, LoadStates } from "../components/states.tsx";
import { formatInteger, humanize } from "../format.ts";
import { usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";

const pageSize = 50;

function stockColumns(select: (sku: string) => void): Column<StockLevel>[] {
  return [
    {
      header: "SKU",
      rowHeader: true,
      cell: (row) => (
        <>
          {row.sku}
          {row.locations && row.locations.length > 1 ? (
            <span className="cell-sub">
              {row.locations.map((l) => `${l.code} ${formatInteger(l.onHand)}`).join(" · ")}
            </span>
          ) : null}
        </>
      ),
    },
    { header: "On hand", numeric: true, cell: (row) => formatInteger(row.onHand) },
    { header: "Reserved", numeric: true, cell: (row) => formatInteger(row.reserved) },
    {
      header: "Available",
      numeric: true,
      cell: (row) => (
        <>
          {formatInteger(row.available)}
          {row.low ? <span className="badge badge--warning badge--after">low</span> : null}
        </>
      ),
    },
    {
      header: "Reorder at",
      numeric: true,
      cell: (row) =>
        row.reorderPoint === null || row.reorderPoint === undefined ? "–" : formatInteger(row.reorderPoint),
    },
    {
      header: "Actions",
      hideHeader: true,
      cell: (row) => (
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => select(row.sku)}
          aria-label={`Adjust stock of ${row.sku}`}
        >
          Adjust
        </button>
      ),
    },
  ];
}

/** Stock per SKU (all locations), low stock flagged, and an adjustment form that records a reason. */
export function InventoryPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Inventory", heading);
  const [selected, setSelected] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [lowOnly, setLowOnly] = useState(false);
  const cursors = useCursors();
  const after = cursors.cursor;
  const levels = useResource(`levels|${version}|${lowOnly}|${after ?? ""}`, (signal) =>
    api<{ items: StockLevel[]; next: string | null }>("/admin/inventory", {
      signal,
      query: { limit: pageSize, after, low: lowOnly ? "true" : undefined },
    }),
  );
  const data = levels.data;

  return (
    <section className="page" aria-labelledby="inventory-heading">
      <div className="page__header">
        <h1 id="inventory-heading" ref={heading} tabIndex={-1}>
          Inventory
        </h1>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={lowOnly}
            onChange={(e) => {
              cursors.reset();
              setLowOnly(e.target.checked);
            }}
          />
          Low stock only
        </label>
      </div>
      <div className="two-col">
        <div>
          <LoadStates resource={levels} label="Loading stock levels…" />
          {data && data.items.length === 0 ? (
            <Empty title={lowOnly ? "Nothing is running low." : "No stock is tracked yet."} />
          ) : null}
          {data && data.items.length > 0 ? (
            <div className="card card--flush" aria-busy={levels.state === "loading"}>
              <DataTable
                caption="Stock per SKU"
                columns={stockColumns(setSelected)}
                rows={data.items}
                rowKey={(row) => row.sku}
                rowProps={(row) => ({ "aria-current": selected === row.sku ? "true" : undefined })}
              />
              {cursors.page > 1 || data.next ? (
                <Pager label="Pages of stock levels" cursors={cursors} next={data.next} />
              ) : null}
            </div>
          ) : null}
        </div>
        <AdjustForm
          key={selected ?? ""}
          initialSku={selected ?? ""}
          onAdjusted={() => setVersion((v) => v + 1)}
        />
      </div>
    </section>
  );
}

function AdjustForm({ initialSku, onAdjusted }: { initialSku: string; onAdjusted(): void }) {
  const [sku, setSku] = useState(initialSku);
  const [level, setLevel] = useState<StockLevel | null>(null);
  const [delta, setDelta] = useState("");
  const [reason, setReason] = useState<AdjustmentReason>("received");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<FormMessageValue>(null);
  const [busy, setBusy] = useState(false);
  const skuInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (initialSku) skuInput.current?.focus();
  }, [initialSku]);

  async function lookUp() {
    if (!sku.trim()) return;
    setMessage(null);
    try {
      setLevel(await api<StockLevel>(`/admin/inventory/${seg(sku.trim())}`));
    } catch (e) {
      setLevel(null);
      setMessage({ tone: "error", text: e instanceof Error ? e.message : String(e) });
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const n = Number(delta);
    if (!sku.trim()) return setMessage({ tone: "error", text: "Enter a SKU." });
    if (!Number.isInteger(n) || n === 0)
      return setMessage({
        tone: "error",
        text: "The change must be a whole number other than 0 (negative removes units).",
      });
    setBusy(true);
    setMessage(null);
    try {
      const updated = await api<StockLevel>(`/admin/inventory/${seg(sku.trim())}/adjustments`, {
        method: "POST",
        body: { delta: n, reason, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      setLevel(updated);
      setDelta("");
      setNote("");
      setMessage({ tone: "success", text: `${updated.sku}: ${formatInteger(updated.onHand)} on hand now.` });
      onAdjusted();
    } catch (e) {
      setMessage({ tone: "error", text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-card" onSubmit={submit} aria-labelledby="adjust-heading">
      <h2 id="adjust-heading">Look up or adjust</h2>
      <div className="field">
        <label htmlFor="adjust-sku">SKU</label>
        <div className="input-row">
          <input
            ref={skuInput}
            id="adjust-sku"
            value={sku}
            onChange={(e) => setSku(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="button" className="button button--secondary" onClick={lookUp}>
            Look up
          </button>
        </div>
      </div>
      {level ? (
        <dl className="stats stats--inline" aria-live="polite">
          <div>
            <dt>On hand</dt>
            <dd>{formatInteger(level.onHand)}</dd>
          </div>
          <div>
            <dt>Reserved</dt>
            <dd>{formatInteger(level.reserved)}</dd>
          </div>
          <div>
            <dt>Available</dt>
            <dd>{formatInteger(level.available)}</dd>
          </div>
        </dl>
      ) : null}
      <div className="field">
        <label htmlFor="adjust-delta">Change in units</label>
        <input
          id="adjust-delta"
          type="number"
          step={1}
          value={delta}
          onChange={(e) => setDelta(e.target.value)}
          aria-describedby="adjust-delta-help"
        />
        <p id="adjust-delta-help" className="field__help">
          Positive adds units, negative removes them.
        </p>
      </div>
      <div className="field">
        <label htmlFor="adjust-reason">Reason</label>
        <select
          id="adjust-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value as AdjustmentReason)}
        >
          {adjustmentReasons.map((r) => (
            <option key={r} value={r}>
              {humanize(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="adjust-note">Note (optional)</label>
        <input id="adjust-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </div>
      <FormMessage message={message} />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Saving…" : "Save adjustment"}
      </button>
    </form>
  );
}
