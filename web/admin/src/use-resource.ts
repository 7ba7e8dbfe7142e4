import { useCallback, useEffect, useRef, useState } from "react";
import { ApiProblem } from "./api/client.ts";

export type Resource<T> =
  | { state: "loading"; data?: T }
  | { state: "error"; problem: ApiProblem; data?: T }
  | { state: "ready"; data: T };

/**
 * Loads `load()` whenever `key` changes and on reload(); an older answer that arrives late is
 * dropped, so quick filter changes never show stale rows.
 */
export function useResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> & { reload(): void } {
  const [resource, setResource] = useState<Resource<T>>({ state: "loading" });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: key and generation are what should trigger a load.
  useEffect(() => {
    const controller = new AbortController();
    setResource((r) => ({ state: "loading", data: r.data }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ state: "ready", data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResource((r) => ({ state: "error", problem: ApiProblem.from(error), data: r.data }));
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...resource, reload };
}
