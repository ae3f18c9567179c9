import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Loads data whenever `deps` change, keeping only the answer to the LATEST request: a slow answer
 * for an old period must not overwrite the one just asked for, and data loaded for other deps
 * (another report) is never handed out as if it were for the current ones.
 */
export function useLatest<T>(load: () => Promise<T>, deps: unknown[]) {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ key?: string; data?: T; error?: unknown }>({});
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    load().then(
      (data) => request === latest.current && setState({ key, data }),
      (error: unknown) => request === latest.current && setState({ key, error }),
    );
  }, [key]);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current,
  };
}
