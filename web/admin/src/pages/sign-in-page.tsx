import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiProblem, api, apiKeyStore } from "../api/client.ts";

/**
 * Sign-in by pasting an Admin API key: checked with a cheap read before it is kept, so a wrong
 * key is refused here with a clear message instead of failing on every page.
 */
export function SignInPage({ expired, onSignedIn }: { expired: boolean; onSignedIn(): void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = "Sign in · Merchant center";
    input.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const secret = key.trim();
    if (!secret) {
      setError("Paste your Admin API key.");
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api("/admin/orders", { query: { limit: 1 }, key: secret });
      apiKeyStore.set(secret);
      onSignedIn();
    } catch (e) {
      // A key without the orders scope is still a valid key: its pages say what it may not do.
      if (e instanceof ApiProblem && e.status === 403) {
        apiKeyStore.set(secret);
        onSignedIn();
        return;
      }
      setError(
        e instanceof ApiProblem && e.status === 401
          ? "This API key was not accepted. Check that you pasted the whole key (it starts with cw_sk_) and that it has not been revoked."
          : e instanceof ApiProblem
            ? e.message
            : "Something went wrong. Try again.",
      );
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <form className="signin__card" onSubmit={submit} noValidate>
        <p className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">
            C
          </span>
          Cartwright
        </p>
        <h1>Sign in to the merchant center</h1>
        {expired ? (
          <p className="notice notice--info" role="status">
            Your session ended: the key was refused. Sign in again.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="api-key">Admin API key</label>
          <input
            ref={input}
            id="api-key"
            name="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "api-key-error api-key-help" : "api-key-help"}
          />
          <p id="api-key-help" className="field__help">
            <code>npm start</code> prints the demo store's key once, on first run. It is kept in this tab
            only.
          </p>
          {error ? (
            <p id="api-key-error" className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
