import { type FormEvent, useRef, useState } from "react";
import { api } from "../api/client.ts";
import type { Promotion } from "../api/types.ts";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Badge, Empty, FormMessage, type FormMessageValue, LoadStates } from "../components/states.tsx";
import { formatDate, formatInteger, formatMoney, formatPercent, parseMoney } from "../format.ts";
import { usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";

function describeEffect(p: Promotion): string {
  const e = p.effect;
  if (e.ratePpm !== undefined && e.kind.endsWith("percentage"))
    return `${formatPercent(e.ratePpm / 1_000_000)} off`;
  if (e.kind === "order_fixed" && e.amounts)
    return `${Object.entries(e.amounts)
      .map(([c, a]) => formatMoney(a, c))
      .join(" / ")} off`;
  if (e.kind === "free_shipping") return "Free shipping";
  return e.kind.replace(/_/g, " ");
}

const columns: Column<Promotion>[] = [
  {
    header: "Promotion",
    rowHeader: true,
    cell: (p) => (
      <>
        {p.label}
        <span className="cell-sub">Created {formatDate(p.createdAt)}</span>
      </>
    ),
  },
  {
    header: "Codes",
    cell: (p) => (p.automatic ? <em>automatic</em> : p.codes.map((c) => <code key={c}>{c}</code>)),
  },
  { header: "Discount", cell: describeEffect },
  {
    header: "Used",
    numeric: true,
    cell: (p) =>
      `${formatInteger(p.used)}${p.usageLimit !== null ? ` / ${formatInteger(p.usageLimit)}` : ""}`,
  },
  { header: "Status", cell: (p) => <Badge status={p.status} /> },
];

/** Promotions: the list with usage, and a form for the common kinds (percentage, fixed, free shipping). */
export function PromotionsPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Promotions", heading);
  const [version, setVersion] = useState(0);
  const promotions = useResource(`promotions|${version}`, (signal) =>
    api<{ promotions: Promotion[] }>("/admin/promotions", { signal, query: { limit: 100 } }),
  );
  const list = promotions.data?.promotions;
  return (
    <section className="page" aria-labelledby="promotions-heading">
      <div className="page__header">
        <h1 id="promotions-heading" ref={heading} tabIndex={-1}>
          Promotions
        </h1>
      </div>
      <div className="two-col">
        <div>
          <LoadStates resource={promotions} label="Loading promotions…" />
          {list && list.length === 0 ? (
            <Empty title="No promotions yet.">
              <p>Create a discount code with the form.</p>
            </Empty>
          ) : null}
          {list && list.length > 0 ? (
            <div className="card card--flush">
              <DataTable
                caption="Promotions, newest first"
                columns={columns}
                rows={list}
                rowKey={(p) => p.id}
              />
            </div>
          ) : null}
        </div>
        <NewPromotionForm onCreated={() => setVersion((v) => v + 1)} />
      </div>
    </section>
  );
}

type Kind = "order_percentage" | "order_fixed" | "free_shipping";

function NewPromotionForm({ onCreated }: { onCreated(): void }) {
  const [label, setLabel] = useState("");
  const [code, setCode] = useState("");
  const [kind, setKind] = useState<Kind>("order_percentage");
  const [percent, setPercent] = useState("10");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("USD");
  const [usageLimit, setUsageLimit] = useState("");
  const [message, setMessage] = useState<FormMessageValue>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    let effect: Record<string, unknown>;
    if (kind === "order_percentage") {
      const p = Number(percent);
      if (!(p > 0 && p <= 100))
        return setMessage({ tone: "error", text: "The percentage must be between 0 and 100." });
      effect = { kind, ratePpm: Math.round(p * 10_000) };
    } else if (kind === "order_fixed") {
      const minor = parseMoney(amount, currency);
      if (minor === undefined) return setMessage({ tone: "error", text: "Enter an amount such as 5.00." });
      effect = { kind, amounts: { [currency]: minor } };
    } else effect = { kind };
    const codes = code.trim() ? [code.trim().toUpperCase()] : [];
    if (!label.trim())
      return setMessage({ tone: "error", text: "Give the promotion a name shoppers will see." });
    const limit = usageLimit.trim() ? Number(usageLimit) : undefined;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
      return setMessage({ tone: "error", text: "The usage limit must be a whole number above 0." });
    setBusy(true);
    setMessage(null);
    try {
      await api("/admin/promotions", {
        method: "POST",
        body: {
          label: label.trim(),
          automatic: codes.length === 0,
          codes,
          effect,
          ...(limit !== undefined ? { usageLimit: limit } : {}),
        },
      });
      setMessage({ tone: "success", text: `Created “${label.trim()}”.` });
      setLabel("");
      setCode("");
      onCreated();
    } catch (e) {
      setMessage({ tone: "error", text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-card" onSubmit={submit} aria-labelledby="new-promotion-heading">
      <h2 id="new-promotion-heading">New promotion</h2>
      <div className="field">
        <label htmlFor="promo-label">Name shown to shoppers</label>
        <input id="promo-label" value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="promo-code">Code</label>
        <input
          id="promo-code"
          value={code}
          maxLength={40}
          onChange={(e) => setCode(e.target.value)}
          aria-describedby="promo-code-help"
          autoComplete="off"
        />
        <p id="promo-code-help" className="field__help">
          Leave empty for an automatic promotion that applies to every cart.
        </p>
      </div>
      <fieldset className="field">
        <legend>Discount</legend>
        <div className="radio-row">
          {(
            [
              ["order_percentage", "Percentage"],
              ["order_fixed", "Fixed amount"],
              ["free_shipping", "Free shipping"],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className="radio">
              <input
                type="radio"
                name="promo-kind"
                value={value}
                checked={kind === value}
                onChange={() => setKind(value)}
              />
              {text}
            </label>
          ))}
        </div>
      </fieldset>
      {kind === "order_percentage" ? (
        <div className="field">
          <label htmlFor="promo-percent">Percentage off</label>
          <input
            id="promo-percent"
            inputMode="decimal"
            value={percent}
            onChange={(e) => setPercent(e.target.value)}
          />
        </div>
      ) : null}
      {kind === "order_fixed" ? (
        <div className="input-row">
          <div className="field field--grow">
            <label htmlFor="promo-amount">Amount off</label>
            <input
              id="promo-amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="promo-currency">Currency</label>
            <input
              id="promo-currency"
              value={currency}
              maxLength={3}
              size={4}
              onChange={(e) => setCurrency(e.target.value.toUpperCase())}
            />
          </div>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="promo-limit">Usage limit (optional)</label>
        <input
          id="promo-limit"
          type="number"
          min={1}
          value={usageLimit}
          onChange={(e) => setUsageLimit(e.target.value)}
        />
      </div>
      <FormMessage message={message} />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Creating…" : "Create promotion"}
      </button>
    </form>
  );
}
