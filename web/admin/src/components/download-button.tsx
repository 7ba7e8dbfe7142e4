import { useState } from "react";
import { ApiProblem, download } from "../api/client.ts";

/**
 * Fetches a PDF with the API key in a header (never in a URL), then saves it or opens it in a
 * new tab from a blob URL.
 */
export function DownloadButton({
  path,
  filename,
  label,
  open = false,
  className = "button button--secondary",
}: {
  path: string;
  filename: string;
  label: string;
  open?: boolean;
  className?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    // Opened before the await so popup blockers see it as the click's own window.
    const tab = open ? window.open("", "_blank") : null;
    try {
      const blob = await download(path);
      const url = URL.createObjectURL(blob);
      if (tab) tab.location.href = url;
      else {
        const a = document.createElement("a");
        a.href = url;
        a.download = filename;
        document.body.append(a);
        a.click();
        a.remove();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      tab?.close();
      setError(e instanceof ApiProblem ? e.message : "The download failed.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="download">
      <button type="button" className={className} onClick={run} disabled={busy}>
        {busy ? "Preparing…" : label}
      </button>
      {error ? (
        <span className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
