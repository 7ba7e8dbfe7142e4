import { type FormEvent, useRef, useState } from "react";
import { api, seg } from "../api/client.ts";
import type { WebhookDelivery, WebhookEndpoint } from "../api/types.ts";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Badge, Empty, LoadStates } from "../components/states.tsx";
import { formatDateTime } from "../format.ts";
import { usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";

/** Outgoing webhooks: endpoints (add, pause, test) and their recent deliveries with replay. */
export function WebhooksPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Webhooks", heading);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const endpoints = useResource(`endpoints|${version}`, (signal) =>
    api<{ endpoints: WebhookEndpoint[] }>("/admin/webhook-endpoints", { signal }),
  );
  const list = endpoints.data?.endpoints;
  const changed = () => setVersion((v) => v + 1);
  return (
    <section className="page" aria-labelledby="webhooks-heading">
      <div className="page__header">
        <h1 id="webhooks-heading" ref={heading} tabIndex={-1}>
          Webhooks
        </h1>
      </div>
      {secret ? (
        <div className="notice notice--info" role="status">
          Signing secret for {secret.url}: <code className="code-once">{secret.secret}</code> Copy it now: it
          is not shown again.
        </div>
      ) : null}
      <div className="two-col">
        <div className="stack">
          <LoadStates resource={endpoints} label="Loading endpoints…" />
          {list && list.length === 0 ? (
            <Empty title="No webhook endpoints yet.">
              <p>Add one to have orders, payments, shipments and stock changes posted to your systems.</p>
            </Empty>
          ) : null}
          {list && list.length > 0 ? (
            <div className="card card--flush">
              <DataTable
                caption="Webhook endpoints"
                columns={endpointColumns(setSelected, changed)}
                rows={list}
                rowKey={(e) => e.id}
                rowProps={(e) => ({ "aria-current": selected === e.id ? "true" : undefined })}
              />
            </div>
          ) : null}
          {selected ? <Deliveries key={`${selected}|${version}`} endpointId={selected} /> : null}
        </div>
        <NewEndpointForm
          onCreated={(url, s) => {
            setSecret({ url, secret: s });
            changed();
          }}
        />
      </div>
    </section>
  );
}

function endpointColumns(select: (id: string) => void, onChanged: () => void): Column<WebhookEndpoint>[] {
  return [
    {
      header: "Endpoint",
      rowHeader: true,
      cell: (e) => (
        <>
          <span className="cell-main url">{e.url}</span>
          {e.description ? <span className="cell-sub">{e.description}</span> : null}
          <span className="cell-sub">secret …{e.secretHint}</span>
        </>
      ),
    },
    { header: "Events", cell: (e) => (e.eventTypes === null ? "All events" : e.eventTypes.join(", ")) },
    {
      header: "Status",
      cell: (e) => (
        <>
          <Badge status={e.enabled ? "active" : "disabled"} />
          {e.disabledReason === "failing" ? (
            <span className="cell-sub cell-sub--error">Paused after failing</span>
          ) : null}
        </>
      ),
    },
    {
      header: "Actions",
      hideHeader: true,
      cell: (e) => <EndpointActions endpoint={e} onSelect={() => select(e.id)} onChanged={onChanged} />,
    },
  ];
}

/** Deliveries, test and pause/resume for one endpoint; what happened is said under the buttons. */
function EndpointActions({
  endpoint: e,
  onSelect,
  onChanged,
}: {
  endpoint: WebhookEndpoint;
  onSelect(): void;
  onChanged(): void;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setMessage(null);
    try {
      await action();
      setMessage(done);
      onChanged();
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <div className="button-row button-row--tight">
        <button type="button" className="button button--ghost button--small" onClick={onSelect}>
          Deliveries
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={busy || !e.enabled}
          onClick={() =>
            run(
              () => api(`/admin/webhook-endpoints/${seg(e.id)}/test`, { method: "POST" }),
              "Test event queued.",
            )
          }
        >
          Send test
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={busy}
          onClick={() =>
            run(
              () =>
                api(`/admin/webhook-endpoints/${seg(e.id)}`, {
                  method: "PATCH",
                  body: { enabled: !e.enabled },
                }),
              e.enabled ? "Paused." : "Resumed.",
            )
          }
        >
          {e.enabled ? "Pause" : "Resume"}
        </button>
      </div>
      {message ? (
        <span className="cell-sub" role="status">
          {message}
        </span>
      ) : null}
    </>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const [version, setVersion] = useState(0);
  const deliveries = useResource(`${endpointId}|${version}`, (signal) =>
    api<{ deliveries: WebhookDelivery[] }>(`/admin/webhook-endpoints/${seg(endpointId)}/deliveries`, {
      signal,
      query: { limit: 25 },
    }),
  );
  const list = deliveries.data?.deliveries;
  async function replay(id: string) {
    await api(`/admin/webhook-endpoints/${seg(endpointId)}/deliveries/${seg(id)}/replay`, {
      method: "POST",
    }).catch(() => undefined);
    setVersion((v) => v + 1);
  }
  return (
    <section className="card" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Recent deliveries</h2>
      <LoadStates resource={deliveries} />
      {list ? (
        <DataTable
          compact
          rows={list}
          rowKey={(d) => d.id}
          empty={<p className="muted">Nothing sent to this endpoint yet.</p>}
          columns={[
            { header: "Event", cell: (d) => d.eventType },
            { header: "Created", cell: (d) => formatDateTime(d.createdAt) },
            {
              header: "Result",
              cell: (d) => (
                <>
                  <Badge
                    status={d.status === "succeeded" ? "sent" : d.status === "failed" ? "dead" : "pending"}
                  />
                  <span className="cell-sub">
                    {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                    {d.lastResponseStatus ? ` · HTTP ${d.lastResponseStatus}` : ""}
                  </span>
                  {d.lastError ? <span className="cell-sub cell-sub--error">{d.lastError}</span> : null}
                </>
              ),
            },
            {
              header: "Actions",
              hideHeader: true,
              cell: (d) =>
                d.status === "failed" ? (
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    onClick={() => replay(d.id)}
                  >
                    Replay
                  </button>
                ) : null,
            },
          ]}
        />
      ) : null}
    </section>
  );
}

function NewEndpointForm({ onCreated }: { onCreated(url: string, secret: string): void }) {
  const types = useResource("event-types", (signal) =>
    api<{ eventTypes: string[] }>("/admin/webhook-event-types", { signal }),
  );
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^https?:\/\/\S+$/.test(url.trim()))
      return setError("Enter the endpoint's URL, e.g. https://example.com/hooks.");
    setBusy(true);
    setError(null);
    try {
      const created = await api<{ endpoint: WebhookEndpoint; secret: string }>("/admin/webhook-endpoints", {
        method: "POST",
        body: {
          url: url.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
          eventTypes: chosen.size ? [...chosen] : null,
        },
      });
      onCreated(created.endpoint.url, created.secret);
      setUrl("");
      setDescription("");
      setChosen(new Set());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card form-card" onSubmit={submit} aria-labelledby="new-endpoint-heading">
      <h2 id="new-endpoint-heading">Add an endpoint</h2>
      <div className="field">
        <label htmlFor="wh-url">URL</label>
        <input
          id="wh-url"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://"
        />
      </div>
      <div className="field">
        <label htmlFor="wh-description">Description (optional)</label>
        <input
          id="wh-description"
          value={description}
          maxLength={200}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <fieldset className="field">
        <legend>Events (none chosen: all)</legend>
        <div className="check-list">
          {types.data?.eventTypes.map((t) => (
            <label key={t} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(t)}
                onChange={(e) =>
                  setChosen((s) => {
                    const next = new Set(s);
                    if (e.target.checked) next.add(t);
                    else next.delete(t);
                    return next;
                  })
                }
              />
              {t}
            </label>
          ))}
        </div>
      </fieldset>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Adding…" : "Add endpoint"}
      </button>
    </form>
  );
}
