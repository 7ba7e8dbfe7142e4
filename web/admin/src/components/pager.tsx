import { useState } from "react";

/**
 * Keyset paging: the cursors of the pages before this one, so "back" needs no server support.
 * `cursor` is the one to ask the server with; reset() goes back to the first page (new filters).
 */
export function useCursors() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    page: cursors.length + 1,
    back: () => setCursors((c) => c.slice(0, -1)),
    forward: (next: string) => setCursors((c) => [...c, next]),
    reset: () => setCursors([]),
  };
}

/** Previous/next buttons under a list, with the page number between them. */
export function Pager({
  label,
  cursors,
  next,
  labels = ["Previous", "Next"],
}: {
  label: string;
  cursors: ReturnType<typeof useCursors>;
  /** The server's cursor for the following page; null on the last page. */
  next: string | null;
  labels?: [string, string];
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="button button--secondary"
        disabled={cursors.page === 1}
        onClick={cursors.back}
      >
        {labels[0]}
      </button>
      <span className="pager__info">Page {cursors.page}</span>
      <button
        type="button"
        className="button button--secondary"
        disabled={!next}
        onClick={() => next && cursors.forward(next)}
      >
        {labels[1]}
      </button>
    </nav>
  );
}
