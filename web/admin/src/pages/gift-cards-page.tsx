import { type FormEvent, useRef, useState } from "react";
import { api, seg } from "../api/client.ts";
import type { GiftCard } from "../api/types.ts";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Badge, Empty, FormMessage, type FormMessageValue } from "../components/states.tsx";
import { formatDate, formatDateTime, humanize, money, parseMoney } from "../format.ts";
import { usePageTitle } from "../router.ts";

const issuedColumns: Column<GiftCard>[] = [
  { header: "Code", rowHeader: true, cell: (c) => <code className="code-once">{c.code}</code> },
  { header: "Kind", cell: (c) => humanize(c.kind) },
  { header: "Balance", numeric: true, cell: (c) => money(c.balance) },
  { header: "Expires", cell: (c) => (c.expiresAt ? formatDate(c.expiresAt) : "Never") },
  { header: "Id", cell: (c) => <code>{c.id}</code> },
];

const ledgerColumns: Column<NonNullable<GiftCard["ledger"]>[number]>[] = [
  { header: "When", cell: (e) => formatDateTime(e.createdAt) },
  { header: "Entry", cell: (e) => humanize(e.kind) },
  { header: "Reference", cell: (e) => e.reference },
  { header: "Amount", numeric: true, cell: (e) => money(e.amount) },
];

/**
 * Gift cards: issue one (its code is shown once, here), and look one up by id with its ledger.
 * The Admin API has no list of cards yet, so the page lists the cards issued in this visit.
 */
export function GiftCardsPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Gift cards", heading);
  const [issued, setIssued] = useState<GiftCard[]>([]);
  return (
    <section className="page" aria-labelledby="gift-cards-heading">
      <div className="page__header">
        <h1 id="gift-cards-heading" ref={heading} tabIndex={-1}>
          Gift cards
        </h1>
      </div>
      <div className="two-col">
        <div className="stack">
          <section className="card" aria-labelledby="issued-heading">
            <h2 id="issued-heading">Issued in this visit</h2>
            <DataTable
              columns={issuedColumns}
              rows={issued}
              rowKey={(c) => c.id}
              empty={
                <Empty title="None yet.">
                  <p>
                    Cards you issue appear here with their code. Copy the code now: it is not shown again.
                  </p>
                </Empty>
              }
            />
          </section>
          <LookUp />
        </div>
        <IssueForm onIssued={(card) => setIssued((list) => [card, ...list])} />
      </div>
    </section>
  );
}

function IssueForm({ onIssued }: { onIssued(card: GiftCard): void }) {
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("USD");
  const [kind, setKind] = useState<"gift_card" | "store_credit">("gift_card");
  const [expires, setExpires] = useState("");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<FormMessageValue>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const minor = parseMoney(amount, currency);
    if (minor === undefined)
      return setMessage({
        tone: "error",
        text: "Enter an amount such as 25.00 and a currency code such as USD.",
      });
    setBusy(true);
    setMessage(null);
    try {
      const card = await api<GiftCard>("/admin/gift-cards", {
        method: "POST",
        body: {
          amount: { amount: minor, currency },
          kind,
          ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      onIssued(card);
      setAmount("");
      setNote("");
      setMessage({
        tone: "success",
        text: `Issued ${money(card.balance)}. Its code is in the list: copy it now.`,
      });
    } catch (e) {
      setMessage({ tone: "error", text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-card" onSubmit={submit} aria-labelledby="issue-heading">
      <h2 id="issue-heading">Issue a card</h2>
      <div className="input-row">
        <div className="field field--grow">
          <label htmlFor="gc-amount">Amount</label>
          <input
            id="gc-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="gc-currency">Currency</label>
          <input
            id="gc-currency"
            value={currency}
            maxLength={3}
            size={4}
            onChange={(e) => setCurrency(e.target.value.toUpperCase())}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="gc-kind">Kind</label>
        <select id="gc-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="gift_card">Gift card</option>
          <option value="store_credit">Store credit</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="gc-expires">Expires (optional)</label>
        <input id="gc-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="gc-note">Note (optional)</label>
        <input id="gc-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </div>
      <FormMessage message={message} />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Issuing…" : "Issue card"}
      </button>
    </form>
  );
}

function LookUp() {
  const [id, setId] = useState("");
  const [card, setCard] = useState<GiftCard | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!id.trim()) return;
    setError(null);
    try {
      setCard(await api<GiftCard>(`/admin/gift-cards/${seg(id.trim())}`));
    } catch (e) {
      setCard(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <section className="card" aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">Look up a card</h2>
      <form className="input-row" onSubmit={submit}>
        <div className="field field--grow">
          <label htmlFor="gc-id">Gift card id</label>
          <input
            id="gc-id"
            value={id}
            onChange={(e) => setId(e.target.value)}
            placeholder="gc_…"
            spellCheck={false}
          />
        </div>
        <button type="submit" className="button button--secondary button--align-end">
          Look up
        </button>
      </form>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {card ? (
        <div aria-live="polite">
          <p>
            {humanize(card.kind)} {card.codeHint} · <Badge status={card.status} /> · balance{" "}
            <strong>{money(card.balance)}</strong> of {money(card.initialAmount)}
          </p>
          <DataTable
            compact
            columns={ledgerColumns}
            rows={card.ledger ?? []}
            rowKey={(e) => e.id}
            empty={<p className="muted">Not used yet.</p>}
          />
        </div>
      ) : null}
    </section>
  );
}
